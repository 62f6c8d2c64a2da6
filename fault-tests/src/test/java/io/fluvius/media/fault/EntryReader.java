package io.fluvius.media.fault;

import static io.fluvius.media.fault.RaceClients.readBack;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import io.fluvius.media.it.MediaApi;

/**
 * Reads every entry in turn, over and over, until stopped, checking each answer's SHA-256. One that reads from
 * a server about to be killed is paused from the kill until the server is ready again; a read the kill cuts
 * off is counted as refused.
 */
final class EntryReader {

    /** Continuous reading that leaves the 2-core machine room for the restart and the job it watches. */
    private static final Duration BETWEEN_READS = Duration.ofMillis(5);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final MediaApi api;
    private final Map<String, String> sha256ById;
    private final List<String> ids;
    private final boolean mayBeDown;
    private volatile boolean paused;
    private final RaceTally tally = new RaceTally();
    private final AtomicInteger passes = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean running = true;
    private final Thread thread;

    EntryReader(MediaApi api, Map<String, String> sha256ById, boolean mayBeDown) {
        this.api = api;
        this.sha256ById = Map.copyOf(sha256ById);
        this.ids = new ArrayList<>(new TreeSet<>(sha256ById.keySet()));
        this.mayBeDown = mayBeDown;
        thread = new Thread(this::readAll, "entry-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void readAll() {
        while (running) {
            for (String id : ids) {
                while (paused && running) {
                    sleep(50);
                }
                try {
                    readBack(api, id, sha256ById.get(id), tally);
                    reads.incrementAndGet();
                    sleep(BETWEEN_READS.toMillis());
                } catch (IOException down) {
                    if (!mayBeDown) {
                        tally.fail("read " + id + ": " + down);
                    }
                    refused.incrementAndGet();
                    sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
            passes.incrementAndGet();
        }
    }

    /** Reads nothing until {@link #resume()}. */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    /** Returns once a whole pass over the entries has begun and ended after this call. */
    void awaitWholePassFromNow() throws InterruptedException {
        int until = passes.get() + 2;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (passes.get() < until) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no whole pass over " + ids.size() + " entries within " + TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(TIMEOUT.toMillis());
    }

    List<String> failures() {
        return tally.failures();
    }

    int reads() {
        return reads.get();
    }

    int passes() {
        return passes.get();
    }

    int refused() {
        return refused.get();
    }

    int serverErrors() {
        return tally.serverErrors();
    }

    private void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
