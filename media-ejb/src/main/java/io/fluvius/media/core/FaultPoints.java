package io.fluvius.media.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Named crash points for the fault suite (fault-tests, {@code CrashPointsIT}): the server halts, as {@code kill -9}
 * would stop it, the {@code media.fault.kill-after}-th time (default 1) the point that the system property
 * {@code media.fault.kill-at} names is reached. Without that property, which no configuration of the product sets,
 * {@link #reach} is one comparison with {@code null}: nothing of it acts in production.
 *
 * <p>The points sit where DESIGN.md "Data safety" says a crash must lose nothing acknowledged and leave nothing
 * that garbage collection cannot find: {@link #BYTES_WRITTEN}, {@link #COMMITTED}, {@link #CLEANUP} and
 * {@link #GC_RETIRED}.
 */
public final class FaultPoints {

    /** A put's bytes are durable under its write intent; its transaction has not begun. */
    public static final String BYTES_WRITTEN = "bytes-written";
    /** A put's blob and entry are committed; its answer has not been sent. */
    public static final String COMMITTED = "committed";
    /** A put found identical content stored first, committed its entry on it, and has not deleted its own copy. */
    public static final String CLEANUP = "cleanup";
    /** Garbage collection committed a blob's retirement and has not deleted its bytes. */
    public static final String GC_RETIRED = "gc-retired";

    private static final String TARGET = System.getProperty("media.fault.kill-at");
    private static final long AFTER = Long.getLong("media.fault.kill-after", 1);
    private static final AtomicLong REACHED = new AtomicLong();

    private FaultPoints() {
    }

    /** Halts the JVM here when the fault suite armed this point and its count is reached. */
    public static void reach(String point) {
        if (TARGET != null && TARGET.equals(point) && REACHED.incrementAndGet() == AFTER) {
            System.err.println("media.fault.kill-at=" + point + ": halting the JVM (reached " + AFTER + " times)");
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
