package io.fluvius.media.it.process;

import static io.fluvius.media.it.MediaApi.uniqueResource;
import static io.fluvius.media.it.process.JobCalls.await;
import static io.fluvius.media.it.process.JobCalls.progress;
import static io.fluvius.media.it.process.JobCalls.started;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;

/**
 * A migration whose server is killed mid-way (README "Batch jobs", leases): bulk-copy with {@code move=true} moves a
 * few hundred entries, one per chunk, to a second {@code file} filesystem, with orphan-gc at a grace period of 0
 * looping beside it; once some chunks committed, the server gets SIGKILL; started again, the server finds the
 * execution it ran before still STARTED in the job repository, under a lease of its earlier start, and marks it
 * FAILED; restarted over HTTP, the execution continues after its last committed chunk (the chunks committed before
 * the kill are not done again; an entry the killed chunk had switched already is skipped) and completes; every entry
 * then lies on the new filesystem and downloads with its bytes. Runs on the database of the failsafe execution (H2
 * file database by default, PostgreSQL with the profile postgresql).
 */
@Tag("server-process")
class JobLeaseIT {

    private static final String JOB = "bulk-copy";
    private static final String DESTINATION = "moved";
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
        int items = entries.acknowledgedSha256ById().size();
        String root = server.dataDir().resolve("media/filesystems/" + DESTINATION).toString();
        HttpResponse<String> registered = api.send(api.request(LocalUser.ADMIN, "filesystems")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(Json.createObjectBuilder()
                        .add("fsKey", DESTINATION).add("protocol", "file").add("name", "Migration target")
                        .add("params", Json.createObjectBuilder().add("root", root)).build().toString())));
        assertEquals(201, registered.statusCode(), registered::body);
        String parameters = Json.createObjectBuilder().add("destination", DESTINATION).add("move", true)
                .add("resource", resource).add("chunkSize", 1).build().toString();
        var gc = new OrphanGcLoop(server);

        long begin = System.nanoTime();
        long id = started(api.send(api.request(LocalUser.ADMIN, "jobs/" + JOB)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(parameters))));
        JsonObject beforeKill = await(api, id, JOB_TIMEOUT, e -> !"STARTING".equals(e.getString("status"))
                && commits(e) >= KILL_AFTER_COMMITS || JobCalls.ended(e));
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
        JsonObject done = await(api, restartedId, JOB_TIMEOUT, JobCalls::ended);
        long completed = System.nanoTime();
        int collections = gc.stop();
        assertEquals("COMPLETED", done.getString("status"), done::toString);
        assertTrue(collections >= 1, "orphan-gc ran beside the migration");

        Survivors readable = Survivors.check(api, resource, entries);
        System.out.printf("JobLeaseIT [%s]: %s move=true over %d entries, SIGKILL after %d committed chunks (%.1f s"
                        + " after the start); FAILED %.1f s after the restarted server was ready (restart %.1f s); the"
                        + " restart read %d, moved %d, skipped %d as moved already, and completed in %.1f s;"
                        + " orphan-gc ran %d times beside it%n", database.name(), JOB, items, committed,
                (killed - begin) / 1e9, (markedFailed - ready) / 1e9, (ready - killed) / 1e9,
                progress(done, "readCount"), progress(done, "writeCount"), progress(done, "filterCount"),
                (completed - markedFailed) / 1e9, collections);
        JsonArray listed = api.entriesOf(resource);
        assertAll(
                () -> assertEquals(items - committed, progress(done, "readCount"),
                        "the restart reads only what the killed execution had not committed: " + done),
                () -> assertEquals(items, progress(failed, "writeCount") + progress(done, "writeCount")
                        + progress(done, "filterCount"), "every entry moved once: " + failed + " " + done),
                () -> assertTrue(progress(done, "filterCount") <= 1,
                        "at most the entry of the killed chunk was moved already: " + done),
                () -> assertEquals(items, listed.size()),
                () -> assertTrue(listed.stream().allMatch(e -> DESTINATION.equals(e.asJsonObject().getString("fsKey"))),
                        "every entry lies on the new filesystem"),
                () -> assertEquals(List.of(), readable.lost(), "entries that no longer read back"),
                () -> assertEquals(List.of(), readable.damaged(), "entries without their bytes"));
    }

    /**
     * orphan-gc at a grace period of 0, again and again over HTTP beside the migration, across the kill: old bytes
     * collected the moment the switch of their entry commits, so that a switch before the new bytes were safe, or a
     * read of bytes already gone, would show.
     */
    private static final class OrphanGcLoop {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger completed = new AtomicInteger();
        private final Thread thread;

        OrphanGcLoop(ServerProcess server) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        var api = new MediaApi(server.webModule());
                        long id = started(api.send(api.request(LocalUser.ADMIN, "jobs/orphan-gc")
                                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"grace\": 0}"))));
                        if ("COMPLETED".equals(await(api, id, JOB_TIMEOUT, JobCalls::ended).getString("status"))) {
                            completed.incrementAndGet();
                        }
                    } catch (IOException | AssertionError e) {
                        pause(); // the server is down (killed, restarting), or the collection was cut off by the kill
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "orphan-gc-loop");
            thread.setDaemon(true);
            thread.start();
        }

        int stop() throws InterruptedException {
            running.set(false);
            thread.join(JOB_TIMEOUT.toMillis());
            return completed.get();
        }

        private static void pause() {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long commits(JsonObject execution) {
        return progress(execution, "commitCount");
    }
}
