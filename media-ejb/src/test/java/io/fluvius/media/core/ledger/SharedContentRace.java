package io.fluvius.media.core.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.fluvius.media.core.FileQuery;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.io.Sha256;
import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.records.RecordQuery;

/**
 * The race the blob ledger exists for: threads put one content over and over (some declaring its digest,
 * so that they reference the stored bytes without sending them), read their new entry, and delete it or
 * another entry of the content, while garbage collection runs in a loop at a grace period of zero. A
 * delete can then take the last reference of the blob a concurrent put is deciding to reuse; if the ledger
 * let that happen, a read would find its bytes gone. Used by the core's unit test (in memory) and by the
 * in-server tests (H2, PostgreSQL, two servers).
 */
public final class SharedContentRace {

    /**
     * What happened.
     *
     * @param failures every put or read that failed, other than a read of an entry another thread deleted
     * @param survivors entries of the content left at the end, each read back
     * @param refCount  the canonical blob's reference count at the end (0 when there is no blob)
     */
    public record Outcome(long rounds, long puts, long reads, long deletes, long collections, List<String> failures,
                          long survivors, long refCount, long blobsOfTheContent) {
    }

    private SharedContentRace() {
    }

    /**
     * @param media    the operations under test (each call in its own transactions)
     * @param records  the same store, to read the ledger at the end
     * @param content  the one content every put stores
     * @param resource a resource no other test uses
     */
    public static Outcome run(MediaInterface media, MediaManager records, byte[] content, String resource, int threads,
                              int rounds) throws Exception {
        String sha256 = HexFormat.of().formatHex(Sha256.newDigest().digest(content));
        List<UUID> live = new CopyOnWriteArrayList<>();
        var failures = new ConcurrentLinkedQueue<String>();
        var puts = new AtomicLong();
        var reads = new AtomicLong();
        var deletes = new AtomicLong();
        var collections = new AtomicLong();
        var stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            Future<?> collector = pool.submit(() -> {
                while (!stop.get()) {
                    try {
                        media.collectGarbage(Duration.ZERO);
                        collections.incrementAndGet();
                        // A breath between runs: back to back they would take a core from the racing threads.
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        failures.add("collectGarbage: " + describe(e));
                        if (failures.size() > 100) {
                            return; // one is enough to fail; a thousand would fill the heap
                        }
                    }
                }
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(t);
                workers.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        UUID id;
                        try {
                            PutOptions options = PutOptions.named("race.bin").withResource(resource, "x");
                            id = media.put(content, random.nextInt(3) == 0 ? options.withExpectedSha256(sha256) : options).getId();
                            puts.incrementAndGet();
                            live.add(id);
                        } catch (RuntimeException e) {
                            failures.add("put: " + describe(e));
                            continue;
                        }
                        readIfPresent(media, id, sha256, failures, reads);
                        Object[] candidates = live.toArray();
                        UUID victim = random.nextBoolean() || candidates.length < 2 ? id
                                : (UUID) candidates[random.nextInt(candidates.length)];
                        if (live.remove(victim)) {
                            try {
                                if (!media.delete(victim)) {
                                    failures.add("delete of " + victim + " found no entry");
                                }
                                deletes.incrementAndGet();
                            } catch (RuntimeException e) {
                                failures.add("delete: " + describe(e));
                            }
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            stop.set(true);
            collector.get();
        } finally {
            pool.shutdownNow();
        }
        List<MediaEntry> survivors = records.query(MediaEntry.class,
                RecordQuery.where(Map.of("resource", resource)).page(RecordQuery.MAX_LIMIT, 0));
        for (MediaEntry survivor : survivors) {
            if (!readIfPresent(media, survivor.getId(), sha256, failures, reads)) {
                failures.add("survivor " + survivor.getId() + " vanished");
            }
        }
        String fsKey = media.settings().defaultFsKey();
        List<MediaBlob> blobs = records.query(MediaBlob.class, RecordQuery.where(Map.of("contentHash", sha256, "fsKey", fsKey)));
        long refCount = blobs.stream().filter(b -> b.getDedupKey() != null).mapToLong(MediaBlob::getRefCount).sum();
        long entriesOfContent = records.count(MediaEntry.class, RecordQuery.where(Map.of("filehash", sha256, "fsKey", fsKey)));
        if (refCount != entriesOfContent) {
            failures.add("the canonical blob counts " + refCount + " references, " + entriesOfContent + " entries hold its content");
        }
        var survivorIds = survivors.stream().map(MediaEntry::getId).collect(java.util.stream.Collectors.toSet());
        if (!survivorIds.equals(new java.util.HashSet<>(live))) {
            failures.add("entries left " + survivorIds + ", the threads expected " + live);
        }
        return new Outcome((long) threads * rounds, puts.get(), reads.get(), deletes.get(), collections.get(),
                Collections.unmodifiableList(new ArrayList<>(failures)), survivors.size(), refCount, blobs.size());
    }

    /** Reads an entry and checks its hash; {@code false} when it was deleted (by another thread) meanwhile. */
    private static boolean readIfPresent(MediaInterface media, UUID id, String sha256, ConcurrentLinkedQueue<String> failures,
                                         AtomicLong reads) {
        try {
            byte[] read = media.get(id);
            reads.incrementAndGet();
            String hash = HexFormat.of().formatHex(Sha256.newDigest().digest(read));
            if (!hash.equals(sha256)) {
                failures.add("read " + id + ": wrong bytes, SHA-256 " + hash);
            }
            return true;
        } catch (MediaNotFoundException deletedMeanwhile) {
            return false;
        } catch (RuntimeException e) {
            failures.add("read " + id + ": " + describe(e));
            return true;
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage()
                + (root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")");
    }
}
