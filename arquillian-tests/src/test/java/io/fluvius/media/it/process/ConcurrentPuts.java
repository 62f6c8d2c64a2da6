package io.fluvius.media.it.process;

import static io.fluvius.media.it.MediaApi.encode;
import static io.fluvius.media.it.MediaApi.json;
import static io.fluvius.media.it.MediaApi.randomBytes;
import static io.fluvius.media.it.MediaApi.sha256Hex;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;

/**
 * Clients that put distinct random files (raw uploads as the writer, one resource) as fast as the server takes
 * them, recording what each put sent and which entry each acknowledgement (201) names, until the Nth
 * acknowledgement: the client that receives it runs an action right then, in its own thread (the crash test's
 * kill -9), and every client stops putting.
 */
final class ConcurrentPuts {

    private static final String RAW = "application/octet-stream";

    /**
     * What the clients saw.
     *
     * @param sentSha256ByFilename   the SHA-256 of every file a client began to send, by file name
     * @param acknowledgedSha256ById the SHA-256 sent, by the id of the entry its 201 named
     * @param acknowledgedAtAction   acknowledgements counted when the action ran (the Nth, or a few more)
     * @param inFlightAtAction       puts sent and not answered right before the action ran; -1 if it never ran
     * @param actionLatencyNanos     from the Nth acknowledgement's arrival to the action's return; -1 if never
     * @param failures               puts that failed while the server was meant to be up
     */
    record Outcome(Map<String, String> sentSha256ByFilename, Map<String, String> acknowledgedSha256ById,
            int acknowledgedAtAction, int inFlightAtAction, long actionLatencyNanos, List<String> failures) {

        boolean actionRan() {
            return actionLatencyNanos >= 0;
        }
    }

    private final MediaApi api;
    private final String resource;
    private final int clients;
    private final int fileSize;
    private final long seed;

    /** @param seed the first file's content is random bytes of this seed, the next one's of seed + 1, … */
    ConcurrentPuts(MediaApi api, String resource, int clients, int fileSize, long seed) {
        this.api = api;
        this.resource = resource;
        this.clients = clients;
        this.fileSize = fileSize;
        this.seed = seed;
    }

    /** Puts until {@code acknowledgements} entries are acknowledged, runs {@code action} then, and stops. */
    Outcome putUntil(int acknowledgements, Runnable action) throws InterruptedException {
        return putUntil(acknowledgements, action, () -> "");
    }

    /**
     * As {@link #putUntil(int, Runnable)}; when the clients are still putting after 2 minutes (the server stopped
     * answering), fails with what {@code diagnosis} says (the server's threads) and the state of the run.
     */
    Outcome putUntil(int acknowledgements, Runnable action, java.util.function.Supplier<String> diagnosis)
            throws InterruptedException {
        var run = new Run(acknowledgements, action);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int client = 0; client < clients; client++) {
            pool.execute(run::putWhileRunning);
        }
        pool.shutdown();
        boolean finished = pool.awaitTermination(2, TimeUnit.MINUTES);
        if (!finished || run.unanswered) {
            String state = (finished ? "a put got no answer in " + PUT_TIMEOUT.toSeconds() + " s: "
                    : "clients still putting after 2 minutes: ") + run.acknowledged.get() + " acknowledged, "
                    + run.inFlight.get() + " in flight, failures " + run.failures;
            String threads = diagnosis.get() + "\n---- this JVM (the clients)\n" + clientThreads();
            System.out.println(state + "\n" + threads);
            try { // .ci/run prints it when the build fails
                java.nio.file.Files.writeString(ServerSpec.serversDir().resolve("puts-" + resource + "-hang.txt"),
                        state + "\n" + threads);
            } catch (java.io.IOException e) {
                System.out.println("cannot keep the thread dump: " + e);
            }
            pool.shutdownNow();
            if (!finished) {
                throw new IllegalStateException(state);
            }
        }
        return run.outcome();
    }

    private static final java.time.Duration PUT_TIMEOUT = java.time.Duration.ofSeconds(60);

    private static String clientThreads() {
        var text = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            text.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
            for (StackTraceElement frame : stack) {
                text.append("\tat ").append(frame).append('\n');
            }
        });
        return text.toString();
    }

    /** The shared state of the clients of one {@link #putUntil}. */
    private final class Run {
        private final int target;
        private final Runnable action;
        private final AtomicInteger nextFile = new AtomicInteger();
        private final AtomicInteger acknowledged = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final Map<String, String> sent = new ConcurrentHashMap<>();
        private final Map<String, String> acknowledgedById = new ConcurrentHashMap<>();
        private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean stopped;
        /** A put timed out while the server was up: the run keeps a thread dump. */
        private volatile boolean unanswered;
        private volatile int acknowledgedAtAction;
        private volatile int inFlightAtAction = -1;
        private volatile long actionLatencyNanos = -1;

        Run(int target, Runnable action) {
            this.target = target;
            this.action = action;
        }

        void putWhileRunning() {
            while (!stopped) {
                int number = nextFile.getAndIncrement();
                byte[] content = randomBytes(fileSize, seed + number);
                String filename = String.format("put-%05d.bin", number);
                String sha256 = sha256Hex(content);
                sent.put(filename, sha256);
                HttpResponse<String> response;
                inFlight.incrementAndGet();
                try {
                    // A bounded wait: a put the server never answers is a failure to report, not a hang.
                    response = api.send(api.request(LocalUser.WRITER, "files?filename=" + filename + "&resource="
                            + encode(resource)).header("Content-Type", RAW).timeout(PUT_TIMEOUT)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(content)));
                } catch (java.net.http.HttpTimeoutException e) {
                    unanswered = true;
                    fail(filename + ": no answer in " + PUT_TIMEOUT.toSeconds() + " s");
                    return;
                } catch (IOException e) {
                    // Once the action (the kill) ran, a put that finds the connection gone is what the test expects.
                    if (!stopped) {
                        fail(filename + ": " + e);
                    }
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    inFlight.decrementAndGet();
                }
                long received = System.nanoTime();
                if (response.statusCode() != 201) {
                    fail(filename + ": " + response.statusCode() + " " + response.body());
                    return;
                }
                // The action first: the entry's id is in the response already, whenever it is read.
                if (acknowledged.incrementAndGet() == target) {
                    // Counted before the action: once it ran (a kill), the puts it cut off leave the count quickly.
                    inFlightAtAction = inFlight.get();
                    stopped = true;
                    action.run();
                    actionLatencyNanos = System.nanoTime() - received;
                    acknowledgedAtAction = acknowledged.get();
                }
                record(filename, sha256, json(response));
            }
        }

        private void record(String filename, String sha256, JsonObject entry) {
            if (!sha256.equals(entry.getString("filehash"))) {
                fail(filename + ": acknowledged with filehash " + entry.getString("filehash") + ", sent " + sha256);
            }
            acknowledgedById.put(entry.getString("id"), sha256);
        }

        private void fail(String failure) {
            failures.add(failure);
            stopped = true;
        }

        Outcome outcome() {
            return new Outcome(Map.copyOf(sent), Map.copyOf(acknowledgedById), acknowledgedAtAction,
                    inFlightAtAction, actionLatencyNanos, List.copyOf(failures));
        }
    }
}
