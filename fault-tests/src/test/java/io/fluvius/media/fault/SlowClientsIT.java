package io.fluvius.media.fault;

import static io.fluvius.media.it.MediaApi.randomBytes;
import static io.fluvius.media.it.MediaApi.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.process.ServerProcess;
import io.fluvius.media.it.process.ServerSpec;

/**
 * Slow and abusive clients (configure-web.cli, {@code media.upload.min-rate}): more clients trickling an upload at
 * 1 byte a second than the server has request threads (its worker's 32 on 2 cores), one that sends half its body
 * and stops, and 200 connections that send nothing, all at once, while two ordinary clients keep putting and
 * reading 64 KiB files. The tricklers get 408 {@code media.upload-too-slow} once the grace period is over, the
 * stopped and the idle connections are closed by the listener's timeouts, the ordinary clients are served
 * throughout (every request succeeds; their latency is recorded), and afterwards no request thread is still in an
 * upload, the file descriptors are back to idle, and no entry or partial file is left of the abandoned uploads.
 */
class SlowClientsIT {

    private static final int TRICKLERS = 40;
    private static final int IDLE_CONNECTIONS = 200;
    private static final int DECLARED_LENGTH = 1 << 20;
    private static final int ORDINARY_SIZE = 64 * 1024;
    /** Grace 10 s, plus waiting for a request thread, plus a busy machine. */
    private static final long TRICKLER_ENDED_WITHIN_SECONDS = 60;
    /** The listener's read timeout and no-request timeout, 60 s, plus slack. */
    private static final long TIMED_OUT_WITHIN_SECONDS = 100;
    private static final Duration READY = Duration.ofMinutes(3);

    private static ServerProcess server;
    private static MediaApi api;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.prepare(ServerSpec.of("slow-clients", 600));
        server.start();
        server.awaitReady(READY);
        api = new MediaApi(server.webModule());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** How a connection ended: the seconds it lasted, and what the server answered on it (empty if nothing). */
    private record Ended(double seconds, String answer) {

        int status() {
            return answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : 0;
        }

        /** The problem's code, if the answer has one. */
        String code() {
            var code = java.util.regex.Pattern.compile("\"code\":\"([^\"]+)\"").matcher(answer);
            return code.find() ? code.group(1) : "-";
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.spec().httpPort());
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMED_OUT_WITHIN_SECONDS + 20));
        return socket;
    }

    private byte[] uploadHead(String resource) {
        return ("POST /media/api/files?resource=" + resource + "&filename=slow.bin HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nAuthorization: " + LocalUser.WRITER.basicAuthorization() + "\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: " + DECLARED_LENGTH + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads what the server sends until it closes the connection (or resets it). */
    private static String readToClose(InputStream in) {
        var answer = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException reset) {
            // A reset ends the connection too; what arrived before it is kept.
        }
        return answer.toString();
    }

    private Ended trickle(long start) throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(uploadHead("slow-trickle"));
            out.flush();
            try {
                for (int sent = 0; sent < DECLARED_LENGTH && in.available() == 0; sent++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(1000);
                    if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(TIMED_OUT_WITHIN_SECONDS + 20)) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // The server ended the connection while we were sending: read what it said.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String answer = readToClose(in);
            return new Ended((System.nanoTime() - start) / 1e9, answer);
        }
    }

    private Ended halfway(long start) throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(uploadHead("slow-halfway"));
            out.write(new byte[DECLARED_LENGTH / 2]);
            out.flush();
            String answer = readToClose(socket.getInputStream());
            return new Ended((System.nanoTime() - start) / 1e9, answer);
        }
    }

    private Ended idle(long start) throws IOException {
        try (Socket socket = connect()) {
            String answer = readToClose(socket.getInputStream());
            return new Ended((System.nanoTime() - start) / 1e9, answer);
        }
    }

    @Test
    void trickledStoppedAndIdleConnectionsAreEndedWhileOrdinaryClientsAreServed() throws Exception {
        var resources = new ServerResources(server.pid());
        // Idle is the server after the ordinary clients' warm-up (their two pooled connections open) and a first
        // jcmd (its attach listener's socket): what stays open then is the baseline, not a leak.
        ExecutorService warmup = Executors.newFixedThreadPool(2);
        for (Future<?> client : warmup.invokeAll(List.<Callable<Void>>of(() -> warmUp(0), () -> warmUp(1)))) {
            client.get();
        }
        warmup.shutdown();
        resources.threadDump();
        int idleFds = resources.fileDescriptors();
        var idleTargets = resources.fileDescriptorTargets();
        int idleThreads = resources.threads();

        ExecutorService clients = Executors.newCachedThreadPool();
        long start = System.nanoTime();
        List<Future<Ended>> tricklers = new ArrayList<>();
        for (int i = 0; i < TRICKLERS; i++) {
            tricklers.add(clients.submit(() -> trickle(start)));
        }
        Future<Ended> stopped = clients.submit(() -> halfway(start));
        List<Future<Ended>> idlers = new ArrayList<>();
        for (int i = 0; i < IDLE_CONNECTIONS; i++) {
            idlers.add(clients.submit(() -> idle(start)));
        }
        var done = new AtomicBoolean();
        var latenciesMillis = new ConcurrentLinkedQueue<Double>();
        var failures = new ConcurrentLinkedQueue<String>();
        var ordinaryCount = new AtomicInteger();
        List<Future<?>> ordinary = new ArrayList<>();
        for (int client = 0; client < 2; client++) {
            int seed = client * 100_000;
            ordinary.add(clients.submit(() -> {
                for (int i = seed; !done.get(); i++) {
                    byte[] content = randomBytes(ORDINARY_SIZE, i);
                    long t0 = System.nanoTime();
                    HttpResponse<String> put = api.uploadRaw(LocalUser.WRITER, "resource=slow-ordinary&filename=o.bin",
                            "application/octet-stream", content);
                    long t1 = System.nanoTime();
                    if (put.statusCode() != 201) {
                        failures.add("put " + put.statusCode() + " " + put.body());
                        continue;
                    }
                    var get = api.sendForBytes(api.request(LocalUser.READER, "files/" + MediaApi.json(put).getString("id")));
                    long t2 = System.nanoTime();
                    if (get.statusCode() != 200 || !sha256Hex(get.body()).equals(sha256Hex(content))) {
                        failures.add("get " + get.statusCode());
                    }
                    latenciesMillis.add((t1 - t0) / 1e6);
                    latenciesMillis.add((t2 - t1) / 1e6);
                    ordinaryCount.addAndGet(2);
                    Thread.sleep(100);
                }
                return null;
            }));
        }

        List<Ended> trickled = new ArrayList<>();
        for (Future<Ended> t : tricklers) {
            trickled.add(t.get(TIMED_OUT_WITHIN_SECONDS + 60, TimeUnit.SECONDS));
        }
        Ended halfway = stopped.get(TIMED_OUT_WITHIN_SECONDS + 60, TimeUnit.SECONDS);
        List<Ended> idled = new ArrayList<>();
        for (Future<Ended> i : idlers) {
            idled.add(i.get(TIMED_OUT_WITHIN_SECONDS + 60, TimeUnit.SECONDS));
        }
        done.set(true);
        for (Future<?> o : ordinary) {
            o.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();

        for (Ended t : trickled) {
            assertEquals(408, t.status(), () -> "a trickler's answer: " + t.answer());
            assertTrue(t.answer().contains("media.upload-too-slow"), t::answer);
            assertTrue(t.seconds() <= TRICKLER_ENDED_WITHIN_SECONDS, () -> "trickler ended after " + t.seconds() + " s");
        }
        assertTrue(halfway.seconds() <= TIMED_OUT_WITHIN_SECONDS, () -> "stopped client ended after " + halfway.seconds() + " s");
        for (Ended i : idled) {
            assertTrue(i.seconds() <= TIMED_OUT_WITHIN_SECONDS, () -> "idle connection ended after " + i.seconds() + " s");
        }
        assertTrue(failures.isEmpty(), () -> "ordinary clients' failures: " + failures);
        assertTrue(ordinaryCount.get() > 0, "the ordinary clients were served");

        // Nothing left of the abandoned uploads: no entry, no partial file, no thread still in an upload.
        assertEquals(0, api.entriesOf("slow-trickle").size(), "entries of the tricklers");
        assertEquals(0, api.entriesOf("slow-halfway").size(), "entries of the stopped client");
        List<Path> partials;
        try (Stream<Path> files = Files.walk(server.dataDir())) {
            partials = files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
        assertEquals(List.of(), partials, "partial files under the data directory");
        int inUploads = resources.threadsIn("FilesResource.upload");
        assertEquals(0, inUploads, resources::threadDump);
        // A request thread that waited on a slow client keeps a selector of its own (XNIO's blocking reads) until
        // the pool retires it and the selector is collected: a pool's resource, given a minute and a GC to go.
        int fds = resources.fileDescriptors();
        for (int wait = 0; wait < 90 && fds > idleFds + 5; wait++) {
            if (wait % 10 == 9) {
                resources.jcmd("GC.run");
            }
            Thread.sleep(1000);
            fds = resources.fileDescriptors();
        }
        int afterFds = fds;
        assertTrue(afterFds <= idleFds + 5, () -> "file descriptors: idle " + idleFds + ", after " + afterFds + " ("
                + ServerResources.difference(idleTargets, resources.fileDescriptorTargets()) + ")");

        double[] sorted = latenciesMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] trickleEnds = trickled.stream().mapToDouble(Ended::seconds).sorted().toArray();
        double[] idleEnds = idled.stream().mapToDouble(Ended::seconds).sorted().toArray();
        FaultResults.record("5 slow clients",
                TRICKLERS + " clients sending a 1 MiB upload at 1 byte/s, 1 sending 512 KiB of it and stopping, "
                        + IDLE_CONNECTIONS + " idle connections, all at once; 2 ordinary clients putting and reading"
                        + " 64 KiB files meanwhile",
                "tricklers get 408 media.upload-too-slow within " + TRICKLER_ENDED_WITHIN_SECONDS + " s; the stopped and"
                        + " idle connections closed within " + TIMED_OUT_WITHIN_SECONDS + " s; every ordinary request"
                        + " served; no entry or .part file left; no thread in an upload; fds back within 5 of idle",
                String.format("tricklers ended after %.1f to %.1f s (median %.1f); stopped client after %.1f s (answer: %s); idle"
                                + " connections after %.1f to %.1f s; ordinary requests %d, 0 failed, latency median %.0f ms,"
                                + " p99 %.0f ms, max %.0f ms; fds idle %d, after %d; threads idle %d, after %d"
                                + " (pooled), 0 in an upload",
                        trickleEnds[0], trickleEnds[trickleEnds.length - 1], trickleEnds[trickleEnds.length / 2],
                        halfway.seconds(), halfway.status() == 0 ? "none" : halfway.status() + " " + halfway.code(),
                        idleEnds[0], idleEnds[idleEnds.length - 1], ordinaryCount.get(),
                        percentile(sorted, 0.5), percentile(sorted, 0.99), sorted[sorted.length - 1], idleFds, afterFds,
                        idleThreads, resources.threads()));
    }

    private static Void warmUp(int client) throws Exception {
        for (int i = 0; i < 10; i++) {
            int seed = 1_000_000 + client * 100 + i;
            var put = api.upload("resource=slow-warmup&filename=w.bin", randomBytes(ORDINARY_SIZE, seed));
            assertEquals(200, api.sendForBytes(api.request(LocalUser.READER, "files/" + put.getString("id"))).statusCode());
        }
        return null;
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }
}
