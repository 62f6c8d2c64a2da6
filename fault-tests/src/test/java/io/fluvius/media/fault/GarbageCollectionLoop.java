package io.fluvius.media.fault;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.fluvius.media.it.process.GarbageCollectionServlet;
import io.fluvius.media.it.process.ServerProcess;

/**
 * Garbage collection at a grace period of 0, again and again beside a race, over HTTP ({@link
 * GarbageCollectionServlet}, deployed on the servers): with several servers, each run on the next one, with
 * {@link #BETWEEN_RUNS} between runs so that the collector does not take a whole core of a 2-core machine from the
 * race it runs beside. A server that cannot be reached (killed, restarting) is skipped; any answer other than 200
 * is a failure of the race.
 */
final class GarbageCollectionLoop implements AutoCloseable {

    static final Duration BETWEEN_RUNS = Duration.ofMillis(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ServerProcess> servers;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger unreachable = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private GarbageCollectionLoop(List<ServerProcess> servers) {
        this.servers = List.copyOf(servers);
        thread = new Thread(this::loop, "gc-grace-0-loop");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts collecting on {@code servers} in turn, until {@link #close()}. */
    static GarbageCollectionLoop on(ServerProcess... servers) {
        return new GarbageCollectionLoop(List.of(servers));
    }

    /** One collection at grace 0 on {@code server}, awaited: its report, or a failure. */
    static String collectOnce(ServerProcess server) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request(server), BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError("gc?grace=0 answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body().strip();
    }

    private static HttpRequest request(ServerProcess server) {
        return HttpRequest.newBuilder(server.serverUri("/media-test-support/gc?grace=0"))
                .timeout(Duration.ofMinutes(1)).POST(BodyPublishers.noBody()).build();
    }

    private void loop() {
        for (int turn = 0; running.get(); turn++) {
            ServerProcess server = servers.get(turn % servers.size());
            try {
                HttpResponse<String> answer = http.send(request(server), BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    runs.incrementAndGet();
                } else {
                    failures.add(server.spec().name() + ": " + answer.statusCode() + " " + answer.body());
                }
                Thread.sleep(BETWEEN_RUNS.toMillis());
            } catch (IOException down) {
                unreachable.incrementAndGet();
                pause();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Completed collections so far. */
    int runs() {
        return runs.get();
    }

    /** Collections a server could not be reached for. */
    int unreachable() {
        return unreachable.get();
    }

    /** Answers other than 200. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops after the collection under way. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(Duration.ofMinutes(1).toMillis());
    }
}
