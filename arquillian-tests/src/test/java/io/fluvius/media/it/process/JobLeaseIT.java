package io.fluvius.media.it.process;

import static io.fluvius.media.it.MediaApi.json;
import static io.fluvius.media.it.MediaApi.uniqueResource;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;

/**
 * A job whose server is killed mid-way (README "Batch jobs", leases): a chunk job runs one entry per chunk over a
 * few hundred entries; once some chunks committed, the server gets SIGKILL; started again, the server finds the
 * execution it ran before still STARTED in the job repository, under a lease of its earlier start, and marks it
 * FAILED; restarted over HTTP, the execution continues after its last committed chunk (the chunks committed before
 * the kill are not done again) and completes; every entry still downloads with its bytes. Runs on the database of
 * the failsafe execution (H2 file database by default, PostgreSQL with the profile postgresql).
 * <p>
 * The job is verify-sweep for now; bulk-copy with {@code move=true} takes its place once it exists: {@link #JOB},
 * {@link #PARAMETERS}, and the count it reads one item per entry ({@link #itemsOf}).
 */
@Tag("server-process")
class JobLeaseIT {

    private static final String JOB = "verify-sweep";
    private static final String PARAMETERS = "{\"chunkSize\": 1}";
    private static final int ENTRIES = 300;
    private static final int FILE_SIZE = 512;
    private static final int KILL_AFTER_COMMITS = 40;
    /** Short, as a test's server lives for seconds; its restart does not wait for it (its earlier start is dead at once). */
    private static final String LEASE = "PT6S";
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
    private static final long SEED = 20261215L;

    private static TestDatabase database;
    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        database = TestDatabase.current();
        if (database.isShareable()) {
            database.empty(); // the server's storage starts empty: so must its ledger and job repository
        }
        server = ServerProcess.prepare(ServerSpec.of("jobs-" + database.name(), 200)
                .withNodeName("jobs-" + database.name())
                .withSystemProperty("media.jobs.lease", LEASE));
        server.start();
        server.awaitReady(READY);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anExecutionWhoseServerWasKilledIsMarkedFailedAndRestartsAfterItsLastCommittedChunk() throws Exception {
        var api = new MediaApi(server.webModule());
        String resource = uniqueResource("lease-" + database.name());
        ConcurrentPuts.Outcome entries = new ConcurrentPuts(api, resource, 4, FILE_SIZE, SEED)
                .putUntil(ENTRIES, () -> { }, server::threadDump);
        assertEquals(List.of(), entries.failures(), "puts");
        int items = itemsOf(entries);

        long begin = System.nanoTime();
        long id = started(api.send(api.request(LocalUser.ADMIN, "jobs/" + JOB)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(PARAMETERS))));
        JsonObject beforeKill = await(api, id, JOB_TIMEOUT, e -> !"STARTING".equals(e.getString("status"))
                && commits(e) >= KILL_AFTER_COMMITS || ended(e));
        server.sigkill();
        long killed = System.nanoTime();
        assertEquals("STARTED", beforeKill.getString("status"), () -> "the job ended before the kill: " + beforeKill);
        server.awaitExit(Duration.ofSeconds(30));

        server.start();
        server.awaitReady(READY);
        long ready = System.nanoTime();
        api = new MediaApi(server.webModule());
        JsonObject failed = await(api, id, Duration.ofSeconds(60), e -> !List.of("STARTING", "STARTED")
                .contains(e.getString("status")));
        long markedFailed = System.nanoTime();
        assertEquals("FAILED", failed.getString("status"), failed::toString);
        assertTrue(failed.getString("exitStatus").contains("started again"),
                () -> "marked for the earlier start of its node: " + failed);
        long committed = progress(failed, "readCount");
        assertTrue(committed >= KILL_AFTER_COMMITS && committed < items, () -> "killed mid-way: " + failed);

        long restartedId = started(api.send(api.request(LocalUser.ADMIN, "jobs/" + id + "/restart")
                .POST(BodyPublishers.noBody())));
        JsonObject done = await(api, restartedId, JOB_TIMEOUT, JobLeaseIT::ended);
        long completed = System.nanoTime();
        assertEquals("COMPLETED", done.getString("status"), done::toString);

        Survivors readable = Survivors.check(api, resource, entries);
        System.out.printf("JobLeaseIT [%s]: %s over %d entries, SIGKILL after %d committed chunks (%.1f s after the"
                        + " start); FAILED %.1f s after the restarted server was ready (restart %.1f s); the restart"
                        + " read %d and completed in %.1f s%n", database.name(), JOB, items, committed,
                (killed - begin) / 1e9, (markedFailed - ready) / 1e9, (ready - killed) / 1e9,
                progress(done, "readCount"), (completed - markedFailed) / 1e9);
        assertAll(
                () -> assertEquals(items - committed, progress(done, "readCount"),
                        "the restart reads only what the killed execution had not committed: " + done),
                () -> assertEquals((long) items * FILE_SIZE, progress(failed, "bytes") + progress(done, "bytes"),
                        "every entry's bytes counted once over the execution and its restart"),
                () -> assertEquals(List.of(), done.getJsonArray("findings"), "findings: " + done),
                () -> assertEquals(List.of(), readable.lost(), "entries that no longer read back"),
                () -> assertEquals(List.of(), readable.damaged(), "entries without their bytes"));
    }

    /** The items the job reads: verify-sweep one per blob, and every entry has bytes of its own. */
    private static int itemsOf(ConcurrentPuts.Outcome entries) {
        return entries.acknowledgedSha256ById().size();
    }

    private static long started(HttpResponse<String> response) {
        assertEquals(202, response.statusCode(), response::body);
        return json(response).getJsonNumber("executionId").longValue();
    }

    private static JsonObject await(MediaApi api, long executionId, Duration timeout, Predicate<JsonObject> until)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject execution;
        do {
            HttpResponse<String> polled = api.get(LocalUser.ADMIN, "jobs/" + executionId);
            assertEquals(200, polled.statusCode(), polled::body);
            execution = json(polled);
            if (until.test(execution)) {
                return execution;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return fail("execution " + executionId + " after " + timeout.toSeconds() + " s: " + execution);
    }

    private static boolean ended(JsonObject execution) {
        return List.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED").contains(execution.getString("status"));
    }

    private static long commits(JsonObject execution) {
        return progress(execution, "commitCount");
    }

    private static long progress(JsonObject execution, String count) {
        return execution.getJsonObject("progress").getJsonNumber(count).longValue();
    }
}
