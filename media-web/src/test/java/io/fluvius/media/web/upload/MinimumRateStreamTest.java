package io.fluvius.media.web.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * The minimum upload rate: an average over the time the server waited for the body inside its reads, counted once
 * those waits pass the grace period. The clock is the test's: a read of the client's body advances it by
 * {@link #clientDelay} (a client that sends slowly), the test itself between reads (a server busy elsewhere).
 */
class MinimumRateStreamTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong();

    /** How long each read of the client's body waits for it. */
    private long clientDelay;

    private InputStream body(int size) {
        InputStream client = new ByteArrayInputStream(new byte[size]) {
            @Override
            public synchronized int read() {
                now.addAndGet(clientDelay);
                return super.read();
            }

            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                now.addAndGet(clientDelay);
                return super.read(buffer, offset, length);
            }
        };
        return new MinimumRateStream(client, 1024, 10 * SECOND, now::get);
    }

    @Test
    void aTrickleWithinTheGracePeriodIsAllowed() throws IOException {
        clientDelay = SECOND;
        InputStream in = body(100);
        for (int i = 0; i < 10; i++) {
            in.read();
        }
    }

    @Test
    void aTrickleBelowTheMinimumIsRefusedOnceTheGracePeriodIsOver() throws IOException {
        clientDelay = SECOND;
        InputStream in = body(100);
        for (int i = 0; i < 10; i++) {
            in.read();
        }
        var slow = assertThrows(UploadTooSlowException.class, in::read);
        assertEquals("media.upload-too-slow", slow.code());
    }

    @Test
    void aBodyAboveTheAverageMayPauseLongerThanTheGracePeriod() throws IOException {
        InputStream in = body(64 * 1024);
        assertEquals(32 * 1024, in.read(new byte[32 * 1024]));
        clientDelay = 30 * SECOND; // 48 KiB over 30 s: still above 1 KiB/s on average
        assertEquals(16 * 1024, in.read(new byte[16 * 1024]));
        clientDelay = 40 * SECOND; // 64 KiB over 70 s: below
        assertThrows(UploadTooSlowException.class, () -> in.read(new byte[16 * 1024]));
    }

    @Test
    void theServersWaitBeforeTheFirstReadIsNotBlamedOnTheClient() throws IOException {
        InputStream in = body(64 * 1024);
        now.addAndGet(60 * SECOND); // waiting for a bean instance, say, while the body sits in the socket's buffer
        byte[] buffer = new byte[8 * 1024];
        for (int i = 0; i < 8; i++) {
            assertEquals(buffer.length, in.read(buffer));
        }
    }

    @Test
    void theServersPausesBetweenReadsAreNotBlamedOnTheClient() throws IOException {
        clientDelay = TimeUnit.MILLISECONDS.toNanos(1);
        InputStream in = body(64 * 1024);
        byte[] buffer = new byte[8 * 1024];
        for (int i = 0; i < 8; i++) {
            assertEquals(buffer.length, in.read(buffer));
            now.addAndGet(20 * SECOND); // writing to a slow storage
        }
        assertEquals(-1, in.read(buffer));
    }

    @Test
    void aMinimumOfZeroLeavesTheBodyAsItIs() {
        InputStream body = new ByteArrayInputStream(new byte[1]);
        assertSame(body, MinimumRateStream.of(body, 0, 10));
    }
}
