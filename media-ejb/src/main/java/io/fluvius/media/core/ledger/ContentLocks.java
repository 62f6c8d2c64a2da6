package io.fluvius.media.core.ledger;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An option ({@code media.content-locks}, off by default): serialises, inside this JVM, the ledger
 * transactions that decide on one content, so that they queue here rather than on the database's row
 * lock while holding a connection. In a race of identical puts it measured slower than the database's
 * queue alone (SharedContentRaceIT runs both), hence off. Correctness never rests on it (the
 * database's locks hold with any number of servers; the tests pass with it switched off), so a thread
 * that cannot get it quickly goes on without it rather than risk waiting on a transaction that waits
 * for the database. Striped, so memory stays fixed; unrelated contents rarely contend.
 */
public final class ContentLocks {

    private static final long WAIT_MILLIS = 1_000;

    private final ReentrantLock[] stripes;

    private ContentLocks(int stripeCount) {
        stripes = new ReentrantLock[stripeCount];
        for (int i = 0; i < stripeCount; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public static ContentLocks striped(int stripeCount) {
        return new ContentLocks(stripeCount);
    }

    /** No locking at all: the database alone orders the transactions. */
    public static ContentLocks disabled() {
        return new ContentLocks(0);
    }

    public <T> T withLock(String contentKey, Supplier<T> action) {
        if (stripes.length == 0) {
            return action.get();
        }
        ReentrantLock lock = stripes[Math.floorMod(contentKey.hashCode(), stripes.length)];
        boolean locked = false;
        try {
            locked = lock.tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return action.get();
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }
}
