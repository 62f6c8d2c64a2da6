package io.fluvius.media.fault;

import static io.fluvius.media.it.MediaApi.json;
import static io.fluvius.media.it.MediaApi.randomBytes;
import static io.fluvius.media.it.MediaApi.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fluvius.media.connector.spi.S3ProxyServer;
import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.process.ServerProcess;
import io.fluvius.media.it.process.ServerSpec;

/**
 * An S3 endpoint that goes away under load, and comes back. A filesystem {@code s3} on S3Proxy (registered over
 * HTTP with the default deadline, 10 s) beside the default {@code file} one; 4 clients put and read 64 KiB files on
 * both throughout. S3Proxy is stopped, then restarted and frozen (SIGSTOP: connections accepted, nothing answered),
 * then thawed. While it is away every request touching {@code s3} gets 503 problem+json
 * {@code media.filesystem-unavailable} within the deadline, readiness stays UP (s3 is not the default filesystem)
 * and reports s3 DOWN, and every request on {@code file} succeeds; once it is back, s3 serves again without a
 * restart of WildFly. Afterwards every acknowledged put reads back with its SHA-256 and no failed put left an entry.
 */
class S3OutageIT {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /** The request's own path through a busy 2-core server, beyond the store's deadline. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static final int CLIENTS = 4;
    private static final int SIZE = 64 * 1024;
    private static final String RESOURCE = "s3-outage";
    private static final Duration READY = Duration.ofMinutes(3);

    private static S3ProxyServer s3;
    private static ServerProcess server;
    private static MediaApi api;

    @BeforeAll
    static void startS3AndServer() throws Exception {
        server = ServerProcess.prepare(ServerSpec.of("s3-outage", 700));
        s3 = S3ProxyServer.start(server.baseDir().resolve("s3proxy"));
        server.start();
        server.awaitReady(READY);
        api = new MediaApi(server.webModule());
        String registration = Json.createObjectBuilder().add("fsKey", "s3").add("protocol", "s3").add("name", "S3Proxy")
                .add("params", Json.createObjectBuilder().add("endpoint", s3.endpoint()).add("bucket", "fault-outage")
                        .add("pathStyle", "true").add("key", S3ProxyServer.IDENTITY).add("secret", S3ProxyServer.CREDENTIAL))
                .build().toString();
        HttpResponse<String> registered = api.send(api.request(LocalUser.ADMIN, "filesystems")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(registration)));
        assertEquals(201, registered.statusCode(), registered::body);
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    /** One request of the load: when, on which filesystem, what it did, how it ended. */
    private record Call(String phase, String fsKey, String kind, int status, String code, Duration took) {
    }

    private static final AtomicReference<String> PHASE = new AtomicReference<>("before");

    /** The phase a call ran in, or {@code a>b} for one that began in a phase and ended in the next. */
    private static String phase(String atStart) {
        String atEnd = PHASE.get();
        return atStart.equals(atEnd) ? atStart : atStart + ">" + atEnd;
    }

    private static String codeOf(HttpResponse<?> response) {
        if (response.body() instanceof String body && body.startsWith("{")) {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject().getString("code", "-");
            } catch (RuntimeException notJson) {
                return "-";
            }
        }
        return "-";
    }

    @Test
    void requestsOnAStoppedOrFrozenS3Get503WithinTheDeadlineWhileTheFileFilesystemServesAndS3RecoversAlone()
            throws Exception {
        Map<String, JsonObject> acknowledged = new ConcurrentHashMap<>();
        Map<String, byte[]> sent = new ConcurrentHashMap<>();
        var calls = new ConcurrentLinkedQueue<Call>();
        var stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> load = new ArrayList<>();
        var seeds = new AtomicInteger();
        for (int c = 0; c < CLIENTS; c++) {
            String fsKey = c % 2 == 0 ? "s3" : "file";
            load.add(clients.submit(() -> {
                String lastId = null;
                while (!stop.get()) {
                    int seed = seeds.incrementAndGet();
                    byte[] content = randomBytes(SIZE, seed);
                    String phase = PHASE.get();
                    long t0 = System.nanoTime();
                    HttpResponse<String> put = api.uploadRaw(LocalUser.WRITER, "resource=" + RESOURCE + "&fsKey=" + fsKey
                            + "&filename=o" + seed + ".bin", "application/octet-stream", content);
                    calls.add(new Call(phase(phase), fsKey, "put", put.statusCode(), codeOf(put),
                            Duration.ofNanos(System.nanoTime() - t0)));
                    if (put.statusCode() == 201) {
                        JsonObject entry = json(put);
                        acknowledged.put(entry.getString("id"), entry);
                        sent.put(entry.getString("id"), content);
                        lastId = entry.getString("id");
                    }
                    if (lastId != null) {
                        phase = PHASE.get();
                        long t1 = System.nanoTime();
                        HttpResponse<String> get = api.send(api.request(LocalUser.READER, "files/" + lastId));
                        calls.add(new Call(phase(phase), fsKey, "get", get.statusCode(), codeOf(get),
                                Duration.ofNanos(System.nanoTime() - t1)));
                    }
                    Thread.sleep(50);
                }
                return null;
            }));
        }

        Thread.sleep(8_000);
        PHASE.set("stopped");
        s3.stop();
        Thread.sleep(1_000);
        JsonObject readinessWhileStopped = readiness();
        Thread.sleep(12_000);
        s3.start();
        PHASE.set("frozen");
        s3.signal("STOP");
        Thread.sleep(1_000);
        JsonObject readinessWhileFrozen = readiness();
        Thread.sleep(20_000);
        s3.signal("CONT");
        PHASE.set("recovering");
        long backAt = System.nanoTime();
        Duration recovered = null;
        while (recovered == null) {
            HttpResponse<String> probe = api.uploadRaw(LocalUser.WRITER, "resource=" + RESOURCE + "-probe&fsKey=s3&filename=p.bin",
                    "application/octet-stream", randomBytes(1024, -1));
            if (probe.statusCode() == 201) {
                recovered = Duration.ofNanos(System.nanoTime() - backAt);
            } else if (System.nanoTime() - backAt > TimeUnit.SECONDS.toNanos(60)) {
                fail("s3 does not serve 60 s after S3Proxy is back: " + probe.body());
            } else {
                Thread.sleep(500);
            }
        }
        PHASE.set("after");
        Thread.sleep(8_000);
        stop.set(true);
        for (Future<?> client : load) {
            client.get(2, TimeUnit.MINUTES);
        }
        clients.shutdown();
        JsonObject readinessAfter = readiness();

        // During the outage: s3 refused cleanly and in time, file unharmed; before and after: everything served.
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        Duration slowest503 = Duration.ZERO;
        for (Call call : calls) {
            counts.merge(call.phase() + " " + call.fsKey() + " " + call.status(), 1, Integer::sum);
            // Calls that spanned a change of phase met the store in either state.
            boolean s3Away = call.fsKey().equals("s3") && (call.phase().contains("stopped") || call.phase().contains("frozen")
                    || call.phase().contains(">"));
            boolean ok = call.status() == 200 || call.status() == 201;
            if (s3Away) {
                if (!ok && (call.status() != 503 || !call.code().equals("media.filesystem-unavailable"))) {
                    wrong.add(call.toString());
                }
                if (call.status() == 503 && call.took().compareTo(slowest503) > 0) {
                    slowest503 = call.took();
                }
                if (call.status() == 503 && call.took().compareTo(DEADLINE.plus(SLACK)) > 0) {
                    wrong.add("after the deadline: " + call);
                }
            } else if (!ok && !call.phase().equals("recovering")) {
                wrong.add(call.toString());
            }
        }
        assertEquals(List.of(), wrong, () -> "calls that ended otherwise than they should: " + counts);
        assertTrue(counts.getOrDefault("stopped s3 503", 0) > 0, () -> "no request met the stopped S3: " + counts);
        assertTrue(counts.getOrDefault("frozen s3 503", 0) > 0, () -> "no request met the frozen S3: " + counts);
        assertTrue(counts.getOrDefault("stopped file 201", 0) + counts.getOrDefault("frozen file 201", 0) > 0,
                () -> "the file filesystem was not served during the outage: " + counts);

        for (JsonObject health : List.of(readinessWhileStopped, readinessWhileFrozen)) {
            assertEquals("UP", health.getString("status"), () -> "readiness while S3 is away: " + health);
            assertEquals("DOWN", filesystemsCheck(health).get("s3"), () -> "s3 reported DOWN: " + health);
        }
        assertEquals("UP", filesystemsCheck(readinessAfter).get("s3"), () -> "s3 UP again: " + readinessAfter);

        // Nothing lost, nothing half-made: every acknowledged put reads back, no entry without a 201.
        Set<String> listed = EntryListing.of(api, RESOURCE, "id").keySet();
        assertEquals(new TreeSet<>(acknowledged.keySet()), listed, "entries = acknowledged puts");
        long bytes = 0;
        for (var entry : acknowledged.entrySet()) {
            HttpResponse<byte[]> download = api.sendForBytes(api.request(LocalUser.READER, "files/" + entry.getKey()));
            assertEquals(200, download.statusCode());
            assertEquals(sha256Hex(sent.get(entry.getKey())), sha256Hex(download.body()), entry.getKey());
            bytes += download.body().length;
        }

        String byPhase = counts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
        FaultResults.record("3a s3 outage",
                CLIENTS + " clients (2 on s3, 2 on file) putting and reading 64 KiB files; S3Proxy stopped 13 s, then"
                        + " frozen (SIGSTOP) 21 s, then thawed; default deadline " + DEADLINE.toSeconds() + " s",
                "s3 requests while away: 503 media.filesystem-unavailable within deadline + " + SLACK.toSeconds()
                        + " s; file requests all served; readiness UP with s3 DOWN, s3 UP after; s3 serves again"
                        + " without a restart; every acknowledged put reads back; entries = acknowledged puts",
                "calls by phase, filesystem and status: " + byPhase + "; slowest 503 " + slowest503.toMillis()
                        + " ms; s3 served again " + recovered.toMillis() + " ms after the thaw; " + acknowledged.size()
                        + " entries verified (" + bytes / 1024 + " KiB)");
    }

    private JsonObject readiness() throws Exception {
        HttpResponse<String> ready = api.http.send(HttpRequest.newBuilder(server.managementUri("/health/ready"))
                .timeout(Duration.ofSeconds(15)).GET().build(), BodyHandlers.ofString());
        try (JsonReader reader = Json.createReader(new StringReader(ready.body()))) {
            return reader.readObject();
        }
    }

    /** The data of the check media-filesystems: fsKey → UP or DOWN. */
    private static Map<String, String> filesystemsCheck(JsonObject health) {
        for (JsonValue check : health.getJsonArray("checks")) {
            JsonObject object = check.asJsonObject();
            if ("media-filesystems".equals(object.getString("name", null)) && object.containsKey("data")) {
                Map<String, String> states = new TreeMap<>();
                object.getJsonObject("data").forEach((k, v) -> states.put(k, ((JsonString) v).getString()));
                return states;
            }
        }
        return Map.of();
    }
}
