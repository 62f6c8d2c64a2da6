package io.fluvius.media.fault;

import static io.fluvius.media.fault.RaceClients.CLIENTS;
import static io.fluvius.media.fault.RaceClients.inParallel;
import static io.fluvius.media.fault.RaceClients.kib;
import static io.fluvius.media.fault.RaceClients.put;
import static io.fluvius.media.fault.RaceClients.readBack;
import static io.fluvius.media.fault.RaceClients.scaled;
import static io.fluvius.media.it.MediaApi.randomBytes;
import static io.fluvius.media.it.MediaApi.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fluvius.media.it.LocalUser;

/**
 * Races against the blob ledger (issue 17, scenario 2), each with garbage collection at a grace period of 0 looping
 * beside it, on two servers that share one PostgreSQL database and one storage directory ({@link RaceServers}):
 * (a) 16 identical puts at once; (b) deletes and puts of the same content interleaved from 8 clients
 * ({@link PutDeleteRace}); (c) puts of fresh and of already stored content, some of it unreferenced and collectable;
 * (d) copies of entries being deleted ({@link CopyDeleteRace}); (e) b and d again with each put or copy on one
 * server and its delete on the other; (f) a bulk-copy with {@code move=true} whose server is killed (SIGKILL)
 * mid-way and restarted while both servers' readers read every entry throughout ({@link KilledMoveRace}). (a) to
 * (d) run on node 1. After each race and a last collection: every surviving entry reads back with its SHA-256, every
 * entry's file is there, no stored file is left that no entry references, and no request got a 5xx. Skipped
 * without PostgreSQL (MEDIA_TEST_POSTGRES_URL).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RacesIT {

    private static RaceServers servers;

    @BeforeAll
    static void startTwoServers() throws Exception {
        servers = RaceServers.start();
    }

    @AfterAll
    static void stopTwoServers() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    @Order(1)
    void sixteenIdenticalPutsAtOnceMakeSixteenEntriesOverOneStoredFile() throws Exception {
        String resource = servers.resource("race-a");
        byte[] content = randomBytes(kib(16), 2_017_001L);
        var tally = new RaceTally();
        List<String> ids;
        int collections;
        try (var gc = GarbageCollectionLoop.on(servers.node(1))) {
            var go = new CountDownLatch(1);
            ids = inParallel(16, client -> {
                go.await();
                return put(servers.one, resource, "same.bin", content, tally);
            }, go::countDown);
            collections = gc.runs();
            assertEquals(List.of(), gc.failures(), "garbage collection");
        }
        assertEquals(16, ids.stream().filter(id -> id != null).count(), tally::toString);
        Map<String, JsonObject> entries = EntryListing.entries(servers.one, resource);
        assertEquals(new TreeSet<>(ids), entries.keySet(), "16 entries, the acknowledged ones");
        Set<String> fsPaths = new TreeSet<>();
        entries.values().forEach(entry -> fsPaths.add(entry.getString("fsPath")));
        assertEquals(1, fsPaths.size(), () -> "all 16 entries share one stored file: " + fsPaths);
        for (String id : ids) {
            readBack(servers.one, id, sha256Hex(content), tally);
        }
        var audit = servers.auditAfterLastCollection();
        long copies = servers.storage().copiesOf(content);
        assertEquals(1, copies, "files holding the content");
        tally.assertClean();
        FaultResults.record("2a 16 identical puts",
                "16 puts of one " + content.length / 1024 + " KiB content at once on one server; gc (grace 0) looping"
                        + " (" + collections + " runs); PostgreSQL, file, 2 servers sharing them (puts on node 1)",
                "16 entries = the 16 acknowledged puts, all with one fsPath; one file on disk holds the content; each"
                        + " reads back with its SHA-256; after gc no unreferenced file; no 5xx",
                "16 entries, 1 stored file (" + copies + " with those bytes on disk); " + tally.bytesVerified() / 1024
                        + " KiB verified; " + audit + "; 5xx: " + tally.serverErrors() + "; " + tally);
    }

    @Test
    @Order(2)
    void deletesAndPutsOfTheSameContentInterleavedLeaveEverySurvivorItsBytesAndNoGarbage() throws Exception {
        new PutDeleteRace(servers, false).run(servers.resource("race-b"), scaled(1_000), 2_017_002L)
                .record("2b delete and put interleaved");
    }

    @Test
    @Order(3)
    void garbageCollectionBesidePutsOfFreshAndOfStoredContentTakesNoEntrysBytes() throws Exception {
        String resource = servers.resource("race-c");
        int puts = scaled(160);
        var tally = new RaceTally();
        // Stored content: three contents an entry keeps referenced, three whose only entry is deleted again, so
        // that their blobs are unreferenced and collectable at the moment the puts reuse them.
        List<byte[]> stored = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] content = randomBytes(kib(4 + 2 * i), 2_017_300L + i);
            stored.add(content);
            String id = put(servers.one, resource, "stored" + i + ".bin", content, tally);
            if (i >= 3) {
                assertEquals(204, tally.count("delete", servers.one.send(servers.one.request(LocalUser.WRITER, "files/" + id)
                        .DELETE())).statusCode());
            }
        }
        Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
        var fresh = new AtomicInteger();
        int collections;
        try (var gc = GarbageCollectionLoop.on(servers.node(1))) {
            inParallel(CLIENTS, client -> {
                var random = new SplittableRandom(2_017_003L + client);
                for (int i = 0; i < puts / CLIENTS; i++) {
                    byte[] content = random.nextBoolean() ? stored.get(random.nextInt(stored.size()))
                            : randomBytes(kib(4 + random.nextInt(13)), 2_017_310_000L + fresh.incrementAndGet());
                    String id = put(servers.one, resource, "c.bin", content, tally);
                    if (id != null) {
                        acknowledged.put(id, content);
                        readBack(servers.one, id, sha256Hex(content), tally); // at once: gc may not have its bytes
                    }
                }
                return null;
            }, () -> { });
            collections = gc.runs();
            assertEquals(List.of(), gc.failures(), "garbage collection");
        }
        assertEquals(puts / CLIENTS * CLIENTS, acknowledged.size(), tally::toString);
        Set<String> listed = EntryListing.entries(servers.one, resource).keySet();
        assertTrue(listed.containsAll(acknowledged.keySet()), "every acknowledged put listed");
        assertEquals(acknowledged.size() + 3, listed.size(), "entries = acknowledged puts and the 3 kept");
        for (var entry : acknowledged.entrySet()) {
            readBack(servers.two, entry.getKey(), sha256Hex(entry.getValue()), tally);
        }
        var audit = servers.auditAfterLastCollection();
        for (var entry : acknowledged.entrySet()) {
            readBack(servers.one, entry.getKey(), sha256Hex(entry.getValue()), tally);
        }
        tally.assertClean();
        FaultResults.record("2c gc beside fresh and stored puts",
                CLIENTS + " clients, " + acknowledged.size() + " puts of 4-16 KiB: half fresh content, half 6 stored"
                        + " contents (3 referenced, 3 whose entry was deleted: blobs collectable); gc (grace 0) looping ("
                        + collections + " runs); PostgreSQL, file, node 1",
                "each put reads back with its SHA-256 at once, on the other server, and again after the last gc;"
                        + " entries = acknowledged puts; every entry's file there; no unreferenced file; no 5xx",
                acknowledged.size() + " entries checked 3 times, " + tally.bytesVerified() / 1024 + " KiB verified; "
                        + audit + "; 5xx: " + tally.serverErrors() + "; " + tally);
    }

    @Test
    @Order(4)
    void aCopyOfAnEntryBeingDeletedIsCompleteOrACleanNotFound() throws Exception {
        new CopyDeleteRace(servers, false).run(servers.resource("race-d"), scaled(160), 2_017_004L)
                .record("2d copy while the source is deleted");
    }

    @Test
    @Order(5)
    void theSameRacesSplitAcrossTwoServersKeepTheirInvariants() throws Exception {
        new PutDeleteRace(servers, true).run(servers.resource("race-e-interleave"), scaled(200), 2_017_005L)
                .record("2e delete and put interleaved, 2 servers");
        new CopyDeleteRace(servers, true).run(servers.resource("race-e-copy"), scaled(160), 2_017_006L)
                .record("2e copy while the source is deleted, 2 servers");
    }

    /** Last: it kills node 2. */
    @Test
    @Order(6)
    void aMoveKilledMidwayAndRestartedKeepsEveryEntryReadableThroughout() throws Exception {
        new KilledMoveRace(servers).run(servers.resource("race-f"), scaled(60));
    }
}
