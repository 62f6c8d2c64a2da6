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
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.junit.jupiter.api.Test;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.process.ServerProcess;

/**
 * The database goes away under load, and comes back. A server on PostgreSQL; 4 clients put 64 KiB files and read
 * back their last one throughout. The cluster is stopped as a power cut stops it ({@code pg_ctlcluster … stop -m
 * immediate}), left down, and started again, while WildFly keeps running. While it is down (from the stop command's
 * return to the start command; each command's own time is a phase of its own, in which the database may still or
 * already serve) no put is acknowledged, every refused request gets a 503 problem+json
 * {@code media.database-unavailable} within {@link #DEADLINE}, none hangs, and readiness is DOWN with
 * {@code media-database} DOWN; once it is started, puts and reads succeed again within {@link #RECOVERY} with no restart
 * of WildFly, readiness is UP, and every request after that is served. Afterwards every acknowledged put reads back
 * with its SHA-256, and every listed entry (those whose commit reached the database while the answer did not reach
 * the client included) has its bytes.
 */
class PostgresOutageIT {

    /** A request must be answered this fast while the database is down: refused, not queued. */
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /** Longer than this is a hang: the client gives up and the call counts as wrong. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    private static final Duration READY = Duration.ofMinutes(3);
    private static final int CLIENTS = 4;
    private static final int SIZE = 64 * 1024;
    private static final String RESOURCE = "pg-outage";

    private static PostgresCluster postgres;
    private static ServerProcess server;

    @AfterAll
    static void stopServerAndRestorePostgres() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (postgres != null) {
                postgres.start(); // shared with every other test and helper: never left down
            }
        }
    }

    /** One request of the load: in which phase, what it did, how it ended. */
    private record Call(String phase, String kind, int status, String code, boolean problem, Duration took) {
    }

    private static final AtomicReference<String> PHASE = new AtomicReference<>("before");

    private static String phase(String atStart) {
        String atEnd = PHASE.get();
        return atStart.equals(atEnd) ? atStart : atStart + ">" + atEnd;
    }

    @Test
    void whileTheDatabaseIsDownRequestsGet503AndOnceItIsBackTheServerServesAgainWithNothingLost() throws Exception {
        postgres = PostgresCluster.local();
        postgres.start();
        server = ServerProcess.prepare(FaultDatabase.server("postgresql", "pg-outage", 1200));
        server.start();
        server.awaitReady(READY);
        MediaApi api = new MediaApi(server.webModule());
        Duration outage = FaultResults.isFull() ? Duration.ofSeconds(60) : Duration.ofSeconds(8);

        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // id → SHA-256
        Map<String, String> sentByName = new ConcurrentHashMap<>(); // filename → SHA-256, for entries never acknowledged
        var calls = new ConcurrentLinkedQueue<Call>();
        var stop = new AtomicBoolean();
        var seeds = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> load = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            load.add(clients.submit(() -> {
                String lastId = null;
                while (!stop.get()) {
                    int seed = seeds.incrementAndGet();
                    byte[] content = randomBytes(SIZE, 3_000_000L + seed);
                    String name = "p" + seed + ".bin";
                    sentByName.put(name, sha256Hex(content));
                    Call put = timed("put", () -> api.http.send(api.request(LocalUser.WRITER, "files?resource=" + RESOURCE
                            + "&filename=" + name).timeout(CLIENT_TIMEOUT).header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(), BodyHandlers.ofString()), calls);
                    if (put.status() == 201) {
                        lastId = LAST_BODY.get().getString("id");
                        acknowledged.put(lastId, sha256Hex(content));
                    }
                    if (lastId != null) {
                        String id = lastId;
                        timed("get", () -> api.http.send(api.request(LocalUser.READER, "files/" + id).timeout(CLIENT_TIMEOUT)
                                .GET().build(), BodyHandlers.ofString()), calls);
                    }
                    Thread.sleep(50);
                }
                return null;
            }));
        }

        JsonObject readinessDown;
        Duration stopTook;
        Duration startTook;
        long startedAt;
        Duration recovered = null;
        try {
            Thread.sleep(4_000);
            PHASE.set("stopping"); // until pg_ctlcluster returns, the database may still commit
            long stopping = System.nanoTime();
            postgres.stopImmediately();
            stopTook = Duration.ofNanos(System.nanoTime() - stopping);
            PHASE.set("outage");
            Thread.sleep(2_000);
            readinessDown = readiness(server, api);
            Thread.sleep(outage.toMillis() - 2_000);
        } finally {
            // Until pg_ctlcluster returns, the database may already serve again (it returns some time after).
            PHASE.set("starting");
            startedAt = System.nanoTime();
            postgres.start();
            startTook = Duration.ofNanos(System.nanoTime() - startedAt);
        }
        PHASE.set("recovering");
        long backAt = startedAt;
        while (recovered == null) {
            HttpResponse<String> put = api.send(api.request(LocalUser.WRITER, "files?resource=" + RESOURCE
                    + "-probe&filename=probe.bin").timeout(CLIENT_TIMEOUT).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(randomBytes(1024, -1))));
            if (put.statusCode() == 201 && api.sendForBytes(api.request(LocalUser.READER, "files/"
                    + json(put).getString("id")).timeout(CLIENT_TIMEOUT)).statusCode() == 200) {
                recovered = Duration.ofNanos(System.nanoTime() - backAt);
            } else if (System.nanoTime() - backAt > RECOVERY.toNanos()) {
                fail("no put and read succeed " + RECOVERY.toSeconds() + " s after PostgreSQL was started: " + put.body());
            } else {
                Thread.sleep(250);
            }
        }
        PHASE.set("after");
        Thread.sleep(4_000);
        stop.set(true);
        for (Future<?> client : load) {
            client.get(2, TimeUnit.MINUTES);
        }
        clients.shutdown();
        JsonObject readinessAfter = readiness(server, api);

        // While down: refused as unavailable, in time, as problem+json; before and after: everything served.
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        Duration slowestRefusal = Duration.ZERO;
        int duringOutage = 0;
        for (Call call : calls) {
            counts.merge(call.phase() + " " + call.kind() + " " + call.status() + (call.code().equals("-") ? "" : " "
                    + call.code()), 1, Integer::sum);
            boolean ok = call.status() == 200 || call.status() == 201;
            boolean down = call.phase().contains("outage") || call.phase().contains("stopping")
                    || call.phase().contains("starting");
            if (down) {
                duringOutage++;
            }
            // Only a refusal of the documented kind is allowed, and only while the database is away or coming back
            // (until the first put and read succeed again).
            boolean mayBeRefused = down || call.phase().contains("recovering");
            if (call.phase().equals("outage") && call.kind().equals("put") && ok) {
                wrong.add("acknowledged while the database was down: " + call); // its row cannot be durable
            }
            if (!ok && (call.status() != 503 || !call.problem() || !call.code().equals("media.database-unavailable"))) {
                wrong.add(call.toString());
            } else if (!ok && !mayBeRefused) {
                wrong.add("refused while the database was up: " + call);
            }
            if (!ok && call.took().compareTo(slowestRefusal) > 0) {
                slowestRefusal = call.took();
            }
            if (!ok && call.took().compareTo(DEADLINE) > 0) {
                wrong.add("refused after the deadline: " + call);
            }
        }
        assertEquals(List.of(), wrong, () -> "calls that ended otherwise than they should: " + counts);
        long refusedDuringOutage = calls.stream().filter(c -> c.phase().equals("outage") && c.status() == 503).count();
        long readsFromCache = calls.stream().filter(c -> c.phase().equals("outage") && c.kind().equals("get")
                && c.status() == 200).count();
        assertTrue(refusedDuringOutage > 0, () -> "no request met the stopped database: " + counts);
        assertEquals("DOWN", readinessDown.getString("status"), () -> "readiness while PostgreSQL is down: " + readinessDown);
        assertEquals("DOWN", check(readinessDown, "media-database"), () -> "media-database while down: " + readinessDown);
        assertEquals("UP", readinessAfter.getString("status"), () -> "readiness once PostgreSQL is back: " + readinessAfter);

        // Nothing acknowledged lost; nothing listed without its bytes.
        Map<String, String> listed = EntryListing.of(api, RESOURCE, "filename");
        List<String> lost = acknowledged.keySet().stream().filter(id -> !listed.containsKey(id)).toList();
        assertEquals(List.of(), lost, "acknowledged puts missing after the outage");
        long bytes = 0;
        for (var entry : listed.entrySet()) {
            HttpResponse<byte[]> download = api.sendForBytes(api.request(LocalUser.READER, "files/" + entry.getKey()));
            assertEquals(200, download.statusCode(), () -> "listed entry " + entry.getKey() + " has no bytes");
            String expected = acknowledged.getOrDefault(entry.getKey(), sentByName.get(entry.getValue()));
            assertEquals(expected, sha256Hex(download.body()), entry.getKey());
            bytes += download.body().length;
        }
        long unacknowledged = listed.keySet().stream().filter(id -> !acknowledged.containsKey(id)).count();

        String byPhase = counts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
        FaultResults.record("3b PostgreSQL outage",
                CLIENTS + " clients putting 64 KiB files and reading their last one; PostgreSQL 15 stopped with -m immediate"
                        + " under load (pg_ctlcluster took " + stopTook.toMillis() + " ms: phase 'stopping'), left down "
                        + outage.toSeconds() + " s, then started again (pg_ctlcluster took " + startTook.toMillis()
                        + " ms, crash recovery included: phase 'starting'); WildFly not restarted",
                "while down (between the stop's and the start's commands): no put acknowledged; every refused request is 503 media.database-unavailable problem+json within "
                        + DEADLINE.toSeconds() + " s, none hangs; readiness DOWN (media-database DOWN); put and read succeed"
                        + " again within " + RECOVERY.toSeconds() + " s of the start command; readiness UP after; every request"
                        + " before and after served; every acknowledged put reads back with its SHA-256; every listed"
                        + " entry has its bytes",
                duringOutage + " requests while stopping or down (" + refusedDuringOutage + " refused once down; "
                        + readsFromCache + " reads served while down); calls by phase and status: " + byPhase
                        + "; slowest refusal " + slowestRefusal.toMillis() + " ms; put and read served again "
                        + recovered.toMillis() + " ms after the start command; " + acknowledged.size()
                        + " acknowledged entries verified, " + listed.size() + " listed (" + unacknowledged
                        + " committed but not acknowledged), " + bytes / 1024 + " KiB read back");
    }

    /** The body of the calling thread's last 201, for its id. */
    private static final ThreadLocal<JsonObject> LAST_BODY = new ThreadLocal<>();

    private interface Send {
        HttpResponse<String> send() throws Exception;
    }

    /** Sends, and records how it ended: a status, or -1 when the client gave up (a hang) or the connection broke. */
    private static Call timed(String kind, Send send, ConcurrentLinkedQueue<Call> calls) {
        String phase = PHASE.get();
        long t0 = System.nanoTime();
        Call call;
        try {
            HttpResponse<String> response = send.send();
            boolean problem = response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
            String code = "-";
            if (response.body().startsWith("{")) {
                try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                    JsonObject body = reader.readObject();
                    code = body.getString("code", "-");
                    if (response.statusCode() == 201) {
                        LAST_BODY.set(body);
                    }
                } catch (RuntimeException notJson) {
                    problem = false;
                }
            }
            call = new Call(phase(phase), kind, response.statusCode(), code, problem,
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (HttpTimeoutException hang) {
            call = new Call(phase(phase), kind, -1, "client-timeout", false, Duration.ofNanos(System.nanoTime() - t0));
        } catch (Exception broken) {
            call = new Call(phase(phase), kind, -1, broken.getClass().getSimpleName(), false,
                    Duration.ofNanos(System.nanoTime() - t0));
        }
        calls.add(call);
        return call;
    }

    private static JsonObject readiness(ServerProcess server, MediaApi api) throws Exception {
        HttpResponse<String> ready = api.http.send(HttpRequest.newBuilder(server.managementUri("/health/ready"))
                .timeout(Duration.ofSeconds(15)).GET().build(), BodyHandlers.ofString());
        try (JsonReader reader = Json.createReader(new StringReader(ready.body()))) {
            return reader.readObject();
        }
    }

    private static String check(JsonObject health, String name) {
        for (JsonValue check : health.getJsonArray("checks")) {
            if (name.equals(check.asJsonObject().getString("name", null))) {
                return check.asJsonObject().getString("status");
            }
        }
        return "absent";
    }
}
