package io.fluvius.media.fault;

import static io.fluvius.media.fault.RaceClients.CLIENTS;
import static io.fluvius.media.fault.RaceClients.inParallel;
import static io.fluvius.media.fault.RaceClients.kib;
import static io.fluvius.media.fault.RaceClients.put;
import static io.fluvius.media.fault.RaceClients.readBack;
import static io.fluvius.media.it.MediaApi.json;
import static io.fluvius.media.it.MediaApi.randomBytes;
import static io.fluvius.media.it.MediaApi.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.process.ServerProcess;

/**
 * Copies of entries being deleted ({@link RacesIT} d and e): each round puts a source, then copies it and deletes it
 * at once (0 to 3 ms apart, either first), {@link RaceClients#CLIENTS}{@code / 2} rounds at a time, with garbage
 * collection at grace 0 looping beside them. Even rounds copy within the filesystem {@code file} (a reference more
 * to the source's blob), odd ones fresh content to the filesystem {@code copies} (its bytes travel). A copy must
 * answer a complete copy (201, reading back with the source's SHA-256) or a clean 404 problem+json
 * {@code media.not-found}, never a half-made entry or a 5xx. Split across the two servers, each copy runs on one and
 * its delete on the other, and collection runs on both in turn.
 */
final class CopyDeleteRace {

    private final RaceServers servers;
    private final boolean split;

    CopyDeleteRace(RaceServers servers, boolean split) {
        this.servers = servers;
        this.split = split;
    }

    Outcome run(String resource, int rounds, long seed) throws Exception {
        MediaApi one = servers.one;
        MediaApi two = servers.two;
        MediaApi[] copiers = split ? new MediaApi[] {one, two} : new MediaApi[] {one};
        MediaApi[] deleters = split ? new MediaApi[] {two, one} : new MediaApi[] {one};
        ServerProcess[] collectors = split ? new ServerProcess[] {servers.node(1), servers.node(2)}
                : new ServerProcess[] {servers.node(1)};
        int drivers = CLIENTS / 2; // each round is two requests at once: 8 in flight
        List<byte[]> pool = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pool.add(randomBytes(kib(8 + 8 * i), seed * 10 + i));
        }
        Map<String, String> copies = new ConcurrentHashMap<>(); // id -> SHA-256
        var tally = new RaceTally();
        ExecutorService deleting = Executors.newFixedThreadPool(drivers);
        int collections;
        try (var gc = GarbageCollectionLoop.on(collectors)) {
            var rounded = new AtomicInteger();
            inParallel(drivers, driver -> {
                var random = new SplittableRandom(seed + driver);
                for (int round = rounded.getAndIncrement(); round < rounds; round = rounded.getAndIncrement()) {
                    // Odd rounds copy to another filesystem, fresh content whose bytes must travel; even ones
                    // within the filesystem, which adds a reference to the source's blob.
                    boolean across = round % 2 == 1;
                    byte[] content = across ? randomBytes(kib(16 + random.nextInt(49)), seed * 100_000 + round)
                            : pool.get(random.nextInt(pool.size()));
                    String source = put(one, resource, "d.bin", content, tally);
                    if (source == null) {
                        continue;
                    }
                    MediaApi copier = copiers[round % copiers.length];
                    MediaApi deleter = deleters[round % deleters.length];
                    var go = new CountDownLatch(1);
                    long copyDelay = random.nextBoolean() ? random.nextLong(3_000_000) : 0;
                    long deleteDelay = copyDelay == 0 ? random.nextLong(3_000_000) : 0;
                    Future<HttpResponse<String>> delete = deleting.submit(() -> {
                        go.await();
                        LockSupport.parkNanos(deleteDelay);
                        return tally.count("delete", deleter.send(deleter.request(LocalUser.WRITER, "files/" + source)
                                .DELETE()));
                    });
                    go.countDown();
                    LockSupport.parkNanos(copyDelay);
                    HttpResponse<String> copy = tally.count(across ? "copy-across" : "copy-within", copier.send(
                            copier.request(LocalUser.WRITER, "files/" + source + "/copy" + (across ? "?fsKey=" + RaceServers.COPIES : ""))
                                    .POST(BodyPublishers.noBody())));
                    if (copy.statusCode() == 201) {
                        String id = json(copy).getString("id");
                        copies.put(id, sha256Hex(content));
                        readBack(copier, id, sha256Hex(content), tally);
                    } else if (!isNotFoundProblem(copy)) {
                        tally.fail("copy of " + source + (across ? " across" : " within") + ": " + copy.statusCode()
                                + " " + copy.body());
                    }
                    HttpResponse<String> deleted = delete.get(1, TimeUnit.MINUTES);
                    if (deleted.statusCode() != 204) {
                        tally.fail("delete " + source + ": " + deleted.statusCode() + " " + deleted.body());
                    }
                }
                return null;
            }, () -> { });
            collections = gc.runs();
            assertEquals(List.of(), gc.failures(), "garbage collection");
        } finally {
            deleting.shutdownNow();
        }
        tally.assertClean();
        assertEquals(new TreeSet<>(copies.keySet()), EntryListing.entries(one, resource).keySet(),
                "entries = the copies answered 201 (every source deleted, no half-made copy)");
        for (MediaApi reader : copiers.length > 1 ? List.of(one, two) : List.of(one)) {
            for (var copy : copies.entrySet()) {
                readBack(reader, copy.getKey(), copy.getValue(), tally);
            }
        }
        var audit = servers.auditAfterLastCollection();
        tally.assertClean();
        return new Outcome(rounds, collections, audit, tally, split);
    }

    /** What a run did and found. */
    record Outcome(int rounds, int collections, RaceServers.Audit audit, RaceTally tally, boolean split) {

        void record(String scenario) {
            String where = split ? "each copy on one server, the delete on the other" : "on one server";
            FaultResults.record(scenario, rounds + " rounds, " + CLIENTS / 2 + " at a time: a put, then its copy and its"
                            + " delete at once (0-3 ms apart, either first), " + where + "; half copy within 'file' (8-32"
                            + " KiB), half to the filesystem 'copies' (fresh 16-64 KiB); gc (grace 0) looping ("
                            + collections + " runs); PostgreSQL, file",
                    "each copy 201 with an entry that reads back with the SHA-256" + (split ? " on both servers" : "") + ", or 404 problem+json media.not-found; every delete 204;"
                            + " entries = the 201 copies; after the last gc every entry's file there, no unreferenced"
                            + " file; no 5xx",
                    "within: " + tally.count("copy-within", 201) + " copied, " + tally.count("copy-within", 404)
                            + " not found; across: " + tally.count("copy-across", 201) + " copied, "
                            + tally.count("copy-across", 404) + " not found; " + tally.bytesVerified() / 1024
                            + " KiB verified; " + audit + "; 5xx: " + tally.serverErrors());
        }
    }

    private static boolean isNotFoundProblem(HttpResponse<String> response) {
        return response.statusCode() == 404
                && response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                && "media.not-found".equals(json(response).getString("code", null));
    }
}
