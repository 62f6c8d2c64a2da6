package io.fluvius.media.core.storage;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises, per stored object, the steps that decide whether bytes are still referenced: publishing a
 * put (reuse or move, then insert the entry) and deleting an entry (remove it, then drop unreferenced
 * bytes). Without it a delete could remove bytes that a concurrent identical put has just reused.
 * Striped, so memory stays fixed; unrelated keys rarely contend.
 */
public final class ContentLocks {

    private final ReentrantLock[] stripes;

    public ContentLocks(int stripeCount) {
        stripes = new ReentrantLock[stripeCount];
        for (int i = 0; i < stripeCount; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public <T> T withLock(String fsKey, String storageKey, Supplier<T> action) {
        ReentrantLock lock = stripes[Math.floorMod((fsKey + '\0' + storageKey).hashCode(), stripes.length)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
