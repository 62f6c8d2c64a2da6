package io.fluvius.media.connector.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The part sender shared by S3 and Azure, with senders of the test's own (no store). */
class ParallelPartsTest {

    private static final int PART = 64 * 1024;

    private final ParallelParts threeAtATime = new ParallelParts("test", PART, 3, 10_000, "partSize");

    @AfterEach
    void closeSenders() {
        threeAtATime.close();
    }

    /** Three parts go out together, never a fourth: the buffers in use, and so the memory, stay at three. */
    @Test
    void partsAreSentConcurrentlyButNeverMoreThanParallelAtOnce() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        CountDownLatch threeAtOnce = new CountDownLatch(3);
        AtomicLong bytes = new AtomicLong();
        byte[] data = bytes(10 * PART + 100);

        ParallelParts.Sent<Integer> sent = send(data, (number, payload) -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            threeAtOnce.countDown();
            try {
                // The first three wait for each other: they can only all get here if sent concurrently.
                threeAtOnce.await(5, TimeUnit.SECONDS);
                try (InputStream in = payload.openStream()) {
                    bytes.addAndGet(in.readAllBytes().length);
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            } finally {
                inFlight.decrementAndGet();
            }
            return number;
        });

        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), sent.parts());
        assertEquals(data.length, sent.bytes());
        assertEquals(data.length, bytes.get());
        assertEquals(3, mostInFlight.get(), "parts in flight at most");
    }

    /** A failed part stops the reading; by the time the failure is thrown, no part is in flight any more. */
    @Test
    void aFailedPartFailsTheWriteAfterEveryPartInFlightHasFinished() {
        AtomicInteger inFlight = new AtomicInteger();
        IOException refused = new IOException("part 2 refused");
        byte[] data = bytes(50 * PART);
        CountingStream source = new CountingStream(data);

        IOException thrown = assertThrows(IOException.class, () -> threeAtATime.send("k", first(source), source,
                (number, payload) -> {
                    inFlight.incrementAndGet();
                    try {
                        if (number == 2) {
                            throw refused;
                        }
                        Thread.sleep(50);
                        return number;
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }));

        assertSame(refused, thrown);
        assertEquals(0, inFlight.get(), "parts still in flight");
        assertTrue(source.read < data.length / 2, "read on after the failure: " + source.read + " bytes");
    }

    @Test
    void oneAtATimeSendsOnTheWritersThread() throws Exception {
        Thread writer = Thread.currentThread();
        try (ParallelParts oneAtATime = new ParallelParts("test", PART, 1, 10_000, "partSize")) {
            ParallelParts.Sent<Integer> sent = oneAtATime.send("k", first(new ByteArrayInputStream(bytes(PART))),
                    new ByteArrayInputStream(bytes(PART + 1)), (number, payload) -> {
                        assertSame(writer, Thread.currentThread());
                        return number;
                    });
            assertEquals(List.of(1, 2, 3), sent.parts());
        }
    }

    /** More parts than the store takes: refused naming the size parameter to raise. */
    @Test
    void anObjectNeedingMorePartsThanTheStoreTakesIsRefusedNamingTheSizeParameter() throws Exception {
        try (ParallelParts twoParts = new ParallelParts("fs", PART, 2, 2, "blockSize")) {
            InputStream source = new ByteArrayInputStream(bytes(2 * PART + 1));
            io.fluvius.media.connector.MediaStorageException refused = assertThrows(
                    io.fluvius.media.connector.MediaStorageException.class,
                    () -> twoParts.send("k", first(source), source, (number, payload) -> number));
            assertTrue(refused.getMessage().contains("'blockSize'"), refused.getMessage());
        }
    }

    private ParallelParts.Sent<Integer> send(byte[] data, ParallelParts.PartSender<Integer> sender)
            throws IOException {
        InputStream source = new ByteArrayInputStream(data);
        return threeAtATime.send("k", first(source), source, sender);
    }

    private static SegmentBuffer first(InputStream source) throws IOException {
        SegmentBuffer first = new SegmentBuffer(PART);
        first.fill(source);
        return first;
    }

    private static byte[] bytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static final class CountingStream extends ByteArrayInputStream {
        volatile long read;

        CountingStream(byte[] data) {
            super(data);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }
}
