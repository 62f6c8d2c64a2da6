package io.fluvius.media.fault;

import static io.fluvius.media.fault.RaceClients.inParallel;
import static io.fluvius.media.fault.RaceClients.kib;
import static io.fluvius.media.fault.RaceClients.put;
import static io.fluvius.media.fault.RaceClients.readBack;
import static io.fluvius.media.it.MediaApi.randomBytes;
import static io.fluvius.media.it.MediaApi.sha256Hex;
import static io.fluvius.media.it.process.JobCalls.await;
import static io.fluvius.media.it.process.JobCalls.progress;
import static io.fluvius.media.it.process.JobCalls.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.process.JobCalls;
import io.fluvius.media.it.process.ServerProcess;

/**
 * A move killed mid-way ({@link RacesIT} f): bulk-copy with {@code move=true} of a resource's entries, one per chunk,
 * to the filesystem {@code moved}, started on node 2, which gets SIGKILL once a fifth of the chunks committed and is
 * started again; the execution, marked FAILED, is restarted and completes. Readers on both servers read every entry
 * again and again from before the start until after the completion, with garbage collection at grace 0 looping on
 * node 1: node 1's reader must get every entry with its SHA-256 every time, node 2's whenever node 2 answers.
 * Afterwards every entry lies on {@code moved}, its file there, and no stored file is left unreferenced.
 */
final class KilledMoveRace {

    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

    private final RaceServers servers;
    private final Map<String, String> sha256ById = new ConcurrentHashMap<>();
    private final RaceTally tally = new RaceTally();

    KilledMoveRace(RaceServers servers) {
        this.servers = servers;
    }

    void run(String resource, int entries) throws Exception {
        MediaApi one = servers.one;
        MediaApi two = servers.two;
        ServerProcess mover = servers.node(2);
        var index = new AtomicInteger();
        inParallel(4, client -> {
            for (int i = index.getAndIncrement(); i < entries; i = index.getAndIncrement()) {
                byte[] content = randomBytes(kib(4), 2_017_600_000L + i);
                String id = put(one, resource, "f" + i + ".bin", content, tally);
                if (id != null) {
                    sha256ById.put(id, sha256Hex(content));
                }
            }
            return null;
        }, () -> { });
        tally.assertClean();
        List<String> ids = new ArrayList<>(new TreeSet<>(sha256ById.keySet()));
        int killAfter = entries / 5;

        var onOne = new EntryReader(one, sha256ById, false);
        var onTwo = new EntryReader(two, sha256ById, true);
        JsonObject failed;
        JsonObject done;
        long killedAt;
        int collections;
        try (var gc = GarbageCollectionLoop.on(servers.node(1))) {
            long id = started(two.send(two.request(LocalUser.ADMIN, "jobs/bulk-copy")
                    .header("Content-Type", "application/json").POST(BodyPublishers.ofString(Json.createObjectBuilder()
                            .add("destination", RaceServers.MOVED).add("move", true).add("resource", resource)
                            .add("chunkSize", 1).build().toString()))));
            JsonObject beforeKill = await(one, id, JOB_TIMEOUT, e -> !"STARTING".equals(e.getString("status"))
                    && progress(e, "commitCount") >= killAfter || JobCalls.ended(e));
            onTwo.pause();
            mover.kill();
            killedAt = System.nanoTime();
            assertEquals("STARTED", beforeKill.getString("status"), () -> "ended before the kill: " + beforeKill);
            mover.start();
            mover.awaitReady(READY);
            onTwo.resume();
            failed = await(one, id, JOB_TIMEOUT, e -> !List.of("STARTING", "STARTED").contains(e.getString("status")));
            assertEquals("FAILED", failed.getString("status"), failed::toString);
            long restarted = started(two.send(two.request(LocalUser.ADMIN, "jobs/" + id + "/restart")
                    .POST(BodyPublishers.noBody())));
            done = await(two, restarted, JOB_TIMEOUT, JobCalls::ended);
            assertEquals("COMPLETED", done.getString("status"), done::toString);
            onOne.awaitWholePassFromNow();
            onTwo.awaitWholePassFromNow();
            collections = gc.runs();
            assertEquals(List.of(), gc.failures(), "garbage collection");
        } finally {
            onOne.stop();
            onTwo.stop();
        }
        assertEquals(List.of(), onOne.failures(), "reads on node 1 during the move");
        assertEquals(List.of(), onTwo.failures(), "reads on node 2 whenever it answered");
        assertEquals(entries, progress(failed, "writeCount") + progress(done, "writeCount")
                + progress(done, "filterCount"), () -> "every entry moved once: " + failed + " " + done);

        // The write the kill cut off stays leased until its lease has run out; then the last gc may take it.
        long leaseLeft = killedAt + RaceServers.UPLOAD_LEASE.plusSeconds(2).toNanos() - System.nanoTime();
        if (leaseLeft > 0) {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(leaseLeft));
        }
        Map<String, JsonObject> listed = EntryListing.entries(one, resource);
        assertEquals(new TreeSet<>(ids), listed.keySet(), "the move kept every entry");
        assertTrue(listed.values().stream().allMatch(e -> RaceServers.MOVED.equals(e.getString("fsKey"))),
                "every entry lies on the new filesystem");
        var audit = servers.auditAfterLastCollection();
        for (MediaApi reader : List.of(one, two)) {
            for (String entry : ids) {
                readBack(reader, entry, sha256ById.get(entry), tally);
            }
        }
        tally.assertClean();
        FaultResults.record("2f move killed mid-way", "bulk-copy move=true of " + entries + " entries (" + kib(4) / 1024
                        + " KiB), one per chunk, to the filesystem 'moved', on node 2; SIGKILL of node 2 after "
                        + killAfter + " committed chunks, node 2 started again, the FAILED execution restarted; readers"
                        + " on both servers reading every entry throughout; gc (grace 0) looping on node 1 ("
                        + collections + " runs); PostgreSQL, file",
                "execution FAILED after the kill, COMPLETED after its restart, every entry moved once; node 1 read every"
                        + " entry with its SHA-256 every time, node 2 whenever it answered; afterwards every entry on"
                        + " 'moved', read back on both servers, its file there; no unreferenced file; no 5xx",
                "chunks before the kill " + progress(failed, "commitCount") + ", after the restart read "
                        + progress(done, "readCount") + ", moved " + progress(done, "writeCount") + ", skipped "
                        + progress(done, "filterCount") + "; reads during the job: node 1 " + onOne.reads() + " in "
                        + onOne.passes() + " passes, node 2 " + onTwo.reads() + " (" + onTwo.refused()
                        + " cut off by the kill); " + tally.bytesVerified() / 1024 + " KiB verified after; " + audit
                        + "; 5xx: " + (tally.serverErrors() + onOne.serverErrors() + onTwo.serverErrors()));
    }
}
