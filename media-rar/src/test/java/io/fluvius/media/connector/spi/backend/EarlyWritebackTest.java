package io.fluvius.media.connector.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class EarlyWritebackTest {

    private static final long STEP = EarlyWriteback.STEP;

    @Test
    void aWriteSmallerThanOneStepStartsNoFlush() throws IOException {
        AtomicInteger flushes = new AtomicInteger();
        try (var writeback = new EarlyWriteback("t", 2)) {
            var file = writeback.of(flushes::incrementAndGet);
            file.written(STEP - 1);
            file.awaitFlush();
        }
        assertEquals(0, flushes.get());
    }

    @Test
    void eachStepWrittenStartsOneFlushWhenTheLastHasEnded() throws IOException {
        AtomicInteger flushes = new AtomicInteger();
        try (var writeback = new EarlyWriteback("t", 2)) {
            var file = writeback.of(flushes::incrementAndGet);
            for (int step = 1; step <= 3; step++) {
                file.written(STEP);
                file.awaitFlush();
                assertEquals(step, flushes.get());
            }
        }
    }

    @Test
    void aStepReachedWhileTheFileIsStillFlushingStartsNoSecondFlush() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        try (var writeback = new EarlyWriteback("t", 2)) {
            var file = writeback.of(() -> {
                started.incrementAndGet();
                awaitQuietly(release);
            });
            file.written(STEP);
            file.written(STEP);
            file.written(STEP);
            release.countDown();
            file.awaitFlush();
        }
        assertEquals(1, started.get());
    }

    @Test
    void aFailedFlushFailsTheWriteThatWaitsForIt() {
        IOException diskError = new IOException("EIO");
        try (var writeback = new EarlyWriteback("t", 1)) {
            var file = writeback.of(() -> {
                throw diskError;
            });
            IOException thrown = assertThrows(IOException.class, () -> {
                file.written(STEP);
                file.awaitFlush();
            });
            assertSame(diskError, thrown);
        }
    }

    @Test
    void aWriteThatFindsEveryFlusherBusySkipsItsStepAndTriesAgainAtTheNext() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger second = new AtomicInteger();
        try (var writeback = new EarlyWriteback("t", 1)) {
            var busy = writeback.of(() -> awaitQuietly(release));
            busy.written(STEP);
            var other = writeback.of(second::incrementAndGet);
            other.written(STEP);
            other.awaitFlush();
            assertEquals(0, second.get(), "the only flusher was busy: no flush queued behind it");
            release.countDown();
            busy.awaitFlush();
            // The skipped step still counts: the next byte is enough once a flusher is free.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (second.get() == 0 && System.nanoTime() < deadline) {
                other.written(1);
                other.awaitFlush();
            }
            assertTrue(second.get() >= 1);
        }
    }

    /** A flush that lasts until the test releases it. */
    private static void awaitQuietly(CountDownLatch release) {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
