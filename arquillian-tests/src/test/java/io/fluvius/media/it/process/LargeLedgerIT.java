package io.fluvius.media.it.process;

import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;

/**
 * A ledger of a million rows, seeded by JDBC, swept by dedup-sweep and orphan-gc on a server whose heap is capped
 * at 256 MiB: the sweeps page through the ledger (keyset pages, grouped index scans, short transactions) and
 * never hold it in memory. Among the seeded rows, 50 contents stored twice each (uploaded with dedup off) are
 * merged, and 1,000 blobs unreferenced since yesterday are collected; every uploaded file stays readable.
 */
@Tag("server-process")
class LargeLedgerIT {

    private static final long SEEDED_REFERENCED = 999_000;
    private static final long SEEDED_UNREFERENCED = 1_000;
    private static final int GROUPS = 50;
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");

    private static TestDatabase database;
    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        database = TestDatabase.current();
        if (database.isShareable()) {
            database.empty(); // this server's storage starts empty: so must its ledger
        }
        server = ServerProcess.prepare(ServerSpec.of("large-ledger-" + database.name(), 200).withMaxHeap("256m")
                        .withSystemProperty("media.dedup", "false"))
                .deploy(LedgerSeedServlet.war());
        server.start();
        server.awaitReady(READY);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (database != null && database.isShareable()) {
            database.empty(); // a million rows are no one else's business
        }
    }

    @Test
    void aMillionLedgerRowsAreSweptWithin256MiBOfHeap() throws Exception {
        var api = new MediaApi(server.webModule());
        String resource = MediaApi.uniqueResource("large-ledger");
        var contents = new LinkedHashMap<String, byte[]>();
        for (int group = 0; group < GROUPS; group++) {
            byte[] content = MediaApi.randomBytes(2_000 + group, System.nanoTime() + group);
            for (int copy = 0; copy < 2; copy++) {
                JsonObject entry = api.upload("filename=g" + group + "-" + copy + ".bin&resource=" + resource, content);
                contents.put(entry.getString("id"), content);
            }
        }
        long seedStart = System.nanoTime();
        HttpResponse<String> seeded = api.http.send(HttpRequest.newBuilder(server.serverUri(
                        "/media-ledger-seed/seed?referenced=" + SEEDED_REFERENCED + "&unreferenced=" + SEEDED_UNREFERENCED))
                .POST(BodyPublishers.noBody()).timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, seeded.statusCode(), seeded::body);
        assertEquals(SEEDED_REFERENCED + SEEDED_UNREFERENCED, Long.parseLong(seeded.body().trim()));
        long seedEnd = System.nanoTime();

        JsonObject dedup = run(api, "dedup-sweep", "{\"chunkSize\": 100}");
        long dedupEnd = System.nanoTime();
        JsonObject gc = run(api, "orphan-gc", "{\"grace\": 0}");
        long gcEnd = System.nanoTime();

        System.out.printf("LargeLedgerIT [%s]: %d rows seeded in %.1f s; dedup-sweep %.1f s (%s); orphan-gc %.1f s (%s)%n",
                database.name(), SEEDED_REFERENCED + SEEDED_UNREFERENCED + 2L * GROUPS, (seedEnd - seedStart) / 1e9,
                (dedupEnd - seedEnd) / 1e9, dedup.getJsonObject("progress"), (gcEnd - dedupEnd) / 1e9,
                gc.getJsonObject("progress"));
        assertEquals("COMPLETED", dedup.getString("status"), dedup::toString);
        assertEquals(GROUPS, dedup.getJsonObject("progress").getJsonNumber("writeCount").longValue(), dedup::toString);
        assertEquals("COMPLETED", gc.getString("status"), gc::toString);
        assertTrue(gc.getJsonObject("progress").getJsonNumber("blobsRemoved").longValue() >= SEEDED_UNREFERENCED + GROUPS,
                gc::toString);
        for (var entry : contents.entrySet()) {
            HttpResponse<byte[]> read = api.sendForBytes(api.request(LocalUser.READER, "files/" + entry.getKey()).GET());
            assertEquals(200, read.statusCode());
            assertArrayEquals(entry.getValue(), read.body());
        }
        assertTrue(server.isRunning(), "the server is up");
        assertFalse(server.findLogLine(Pattern.compile("OutOfMemoryError")).isPresent(), "no OutOfMemoryError");
        String log = Files.readString(server.consoleLog());
        assertFalse(log.contains("OutOfMemoryError"), "no OutOfMemoryError in the console log");
    }

    private static JsonObject run(MediaApi api, String job, String parameters) throws Exception {
        HttpResponse<String> started = api.send(api.request(LocalUser.ADMIN, "jobs/" + job)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(parameters)));
        assertEquals(202, started.statusCode(), started::body);
        URI location = URI.create(started.headers().firstValue("Location").orElseThrow());
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (true) {
            JsonObject execution = json(api.send(MediaApi.as(LocalUser.ADMIN, HttpRequest.newBuilder(
                    api.api("jobs/" + json(started).getJsonNumber("executionId")))).GET()));
            if (ENDED.contains(execution.getString("status"))) {
                return execution;
            }
            assertTrue(System.nanoTime() < deadline, () -> job + " still running after " + JOB_TIMEOUT + ": " + execution);
            Thread.sleep(500);
        }
    }
}
