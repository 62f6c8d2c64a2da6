package io.fluvius.media.it.batch;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.fluvius.media.ejb.jobs.JobExecution;

/**
 * orphan-gc at a grace period of 0, run again and again beside a test that moves or re-points entries: bytes a
 * sweep un-referenced too early, or a read still needed, would be collected at once, and the test would see it.
 */
final class OrphanGcLoop implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CompletableFuture<Integer> runs;

    /** @param executor a managed executor: its threads carry the test's security domain and class loader */
    OrphanGcLoop(Jobs jobs, Executor executor) {
        runs = CompletableFuture.supplyAsync(() -> {
            int count = 0;
            try {
                while (running.get()) {
                    JobExecution done = jobs.run("orphan-gc", Map.of("grace", "0"));
                    if (!"COMPLETED".equals(done.status())) {
                        throw new AssertionError("orphan-gc ended " + done.status() + ": " + done);
                    }
                    count++;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return count;
        }, executor);
    }

    /** Stops the loop and returns how many collections completed beside the test (at least one). */
    @Override
    public void close() throws Exception {
        running.set(false);
        int count = runs.get(3, TimeUnit.MINUTES);
        if (count < 1) {
            throw new AssertionError("orphan-gc never completed beside the test");
        }
    }

    /** Fails when the loop failed, without stopping it. */
    void check() {
        if (runs.isCompletedExceptionally()) {
            runs.join();
        }
    }
}
