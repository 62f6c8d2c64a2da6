package io.fluvius.media.fault;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The real things the hostile requests aim at, so that they get past the first check into deeper code: ids of
 * live and deleted entries with their entity tags and dates, cursors taken from real {@code Link} headers, signed
 * links, job executions, and the entries that the fuzzing itself created (the only ones it may delete). Shared by
 * the client threads.
 */
final class FuzzTargets {

    /** An entry the seeding stored. */
    record Entry(String id, String sha256, String lastModified, long length) {
    }

    private static final int MAX_CURSORS = 200;
    private static final int MAX_OWN = 2000;

    final List<Entry> seeded = new CopyOnWriteArrayList<>();
    final List<String> deletedIds = new CopyOnWriteArrayList<>();
    final List<String> cursors = new CopyOnWriteArrayList<>();
    final List<String> jobCursors = new CopyOnWriteArrayList<>();
    final List<String> links = new CopyOnWriteArrayList<>();
    final List<Long> executionIds = new CopyOnWriteArrayList<>();
    /** Entries the fuzzing created: deleting one of these harms no other request's target. */
    private final Set<String> own = ConcurrentHashMap.newKeySet();
    /** The latest of them, to download (deleting them is what {@link #takeOwn} is for). */
    private final AtomicReferenceArray<String> recentOwn = new AtomicReferenceArray<>(256);
    private final AtomicLong recentOwnCount = new AtomicLong();

    Entry anySeeded(SplittableRandom random) {
        return seeded.get(random.nextInt(seeded.size()));
    }

    String anyDeleted(SplittableRandom random) {
        return deletedIds.get(random.nextInt(deletedIds.size()));
    }

    static <T> T any(List<T> values, SplittableRandom random, T otherwise) {
        if (values.isEmpty()) {
            return otherwise;
        }
        return values.get(random.nextInt(values.size()));
    }

    void addCursor(String cursor) {
        if (cursors.size() < MAX_CURSORS) {
            cursors.add(cursor);
        }
    }

    void addOwn(String id) {
        if (own.size() < MAX_OWN) {
            own.add(id);
        }
        recentOwn.set((int) (recentOwnCount.getAndIncrement() % recentOwn.length()), id);
    }

    /** One of the entries the fuzzing stored lately (hostile file names among them), or a seeded one. */
    String anyRecentOwn(SplittableRandom random) {
        String id = recentOwn.get(random.nextInt(recentOwn.length()));
        return id != null ? id : anySeeded(random).id();
    }

    /** One of the fuzzing's own entries, taken out of the pool (a delete's target), or {@code null}. */
    String takeOwn() {
        for (String id : own) {
            if (own.remove(id)) {
                return id;
            }
        }
        return null;
    }

    void markDeleted(String id) {
        if (deletedIds.size() < MAX_OWN) {
            deletedIds.add(id);
        }
    }
}
