package io.fluvius.media.fault;

import static io.fluvius.media.fault.RaceClients.CLIENTS;
import static io.fluvius.media.fault.RaceClients.inParallel;
import static io.fluvius.media.fault.RaceClients.kib;
import static io.fluvius.media.fault.RaceClients.put;
import static io.fluvius.media.fault.RaceClients.readBack;
import static io.fluvius.media.it.MediaApi.randomBytes;
import static io.fluvius.media.it.MediaApi.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.process.ServerProcess;

/**
 * Deletes and puts of the same content interleaved ({@link RacesIT} b and e): {@link RaceClients#CLIENTS} clients,
 * each round a put of one of 4 contents and, in 4 rounds of 5, the delete of a live entry of that same content
 * (the new one or another client's), with garbage collection at grace 0 looping beside them. Split across the two
 * servers, each client puts on one server and deletes on the other, and collection runs on both in turn.
 */
final class PutDeleteRace {

    private final RaceServers servers;
    private final boolean split;

    PutDeleteRace(RaceServers servers, boolean split) {
        this.servers = servers;
        this.split = split;
    }

    /** What a run did and found. */
    record Outcome(int puts, int deletes, int survivors, int collections, RaceServers.Audit audit, RaceTally tally,
                   boolean split) {

        void record(String scenario) {
            String where = split ? "each put on one server, its delete on the other" : "on one server";
            FaultResults.record(scenario, CLIENTS + " clients, " + puts + " rounds of a put of one of 4 contents (4-16"
                            + " KiB) and, in 4 of 5, a delete of a live entry of that same content, " + where
                            + "; gc (grace 0) looping (" + collections + " runs); PostgreSQL, file",
                    "every put and delete acknowledged; entries = puts not deleted; each survivor reads back with its"
                            + " SHA-256" + (split ? " on both servers" : "") + "; after the last gc every entry's file"
                            + " there, no unreferenced file; no 5xx",
                    puts + " puts, " + deletes + " deletes, " + survivors + " survivors verified ("
                            + tally.bytesVerified() / 1024 + " KiB); " + audit + "; 5xx: " + tally.serverErrors()
                            + "; " + tally);
        }
    }

    Outcome run(String resource, int rounds, long seed) throws Exception {
        MediaApi[] putters = split ? new MediaApi[] {servers.one, servers.two} : new MediaApi[] {servers.one};
        MediaApi[] deleters = split ? new MediaApi[] {servers.two, servers.one} : new MediaApi[] {servers.one};
        ServerProcess[] collectors = split ? new ServerProcess[] {servers.node(1), servers.node(2)}
                : new ServerProcess[] {servers.node(1)};
        List<byte[]> contents = new ArrayList<>();
        List<List<String>> live = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            contents.add(randomBytes(kib(4 + 4 * i), seed * 10 + i));
            live.add(new ArrayList<>());
        }
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        Set<String> deleted = ConcurrentHashMap.newKeySet();
        var tally = new RaceTally();
        int collections;
        try (var gc = GarbageCollectionLoop.on(collectors)) {
            inParallel(CLIENTS, client -> {
                var random = new SplittableRandom(seed + client);
                MediaApi putter = putters[client % putters.length];
                MediaApi deleter = deleters[client % deleters.length];
                for (int round = 0; round < rounds / CLIENTS; round++) {
                    int content = random.nextInt(contents.size());
                    String id = put(putter, resource, "b" + content + ".bin", contents.get(content), tally);
                    if (id != null) {
                        acknowledged.put(id, content);
                        synchronized (live.get(content)) {
                            live.get(content).add(id);
                        }
                    }
                    if (random.nextInt(5) == 0) {
                        continue; // one round in five deletes nothing, so that entries survive
                    }
                    String victim;
                    synchronized (live.get(content)) {
                        List<String> candidates = live.get(content);
                        victim = candidates.isEmpty() ? null : candidates.remove(random.nextInt(candidates.size()));
                    }
                    if (victim != null) {
                        var answer = tally.count("delete",
                                deleter.send(deleter.request(LocalUser.WRITER, "files/" + victim).DELETE()));
                        if (answer.statusCode() == 204) {
                            deleted.add(victim);
                        } else {
                            tally.fail("delete " + victim + ": " + answer.statusCode() + " " + answer.body());
                        }
                    }
                }
                return null;
            }, () -> { });
            collections = gc.runs();
            assertEquals(List.of(), gc.failures(), "garbage collection");
        }
        assertEquals(rounds / CLIENTS * CLIENTS, acknowledged.size(), tally::toString);
        Map<String, Integer> survivors = new TreeMap<>(acknowledged);
        survivors.keySet().removeAll(deleted);
        assertEquals(survivors.keySet(), EntryListing.entries(servers.one, resource).keySet(),
                "entries = puts not deleted");
        for (MediaApi reader : split ? List.of(servers.one, servers.two) : List.of(servers.one)) {
            for (var survivor : survivors.entrySet()) {
                readBack(reader, survivor.getKey(), sha256Hex(contents.get(survivor.getValue())), tally);
            }
        }
        var audit = servers.auditAfterLastCollection();
        tally.assertClean();
        return new Outcome(acknowledged.size(), deleted.size(), survivors.size(), collections, audit, tally, split);
    }
}
