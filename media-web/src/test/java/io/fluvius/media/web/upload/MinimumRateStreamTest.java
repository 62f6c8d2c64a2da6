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

/** The minimum upload rate: an average over the whole body, counted once the grace period is over. */
class MinimumRateStreamTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong();

    private InputStream body(int size) {
        return new MinimumRateStream(new ByteArrayInputStream(new byte[size]), 1024, 10 * SECOND, now::get);
    }

    @Test
    void aTrickleWithinTheGracePeriodIsAllowed() throws IOException {
        InputStream in = body(100);
        for (int i = 0; i < 9; i++) {
            now.addAndGet(SECOND);
            in.read();
        }
    }

    @Test
    void aTrickleBelowTheMinimumIsRefusedOnceTheGracePeriodIsOver() throws IOException {
        InputStream in = body(100);
        for (int i = 0; i < 10; i++) {
            now.addAndGet(SECOND);
            in.read();
        }
        now.addAndGet(SECOND);
        var slow = assertThrows(UploadTooSlowException.class, in::read);
        assertEquals("media.upload-too-slow", slow.code());
    }

    @Test
    void aBodyAboveTheAverageMayPauseLongerThanTheGracePeriod() throws IOException {
        InputStream in = body(64 * 1024);
        assertEquals(32 * 1024, in.read(new byte[32 * 1024]));
        now.addAndGet(30 * SECOND); // 32 KiB over 30 s: still above 1 KiB/s on average
        assertEquals(16 * 1024, in.read(new byte[16 * 1024]));
        now.addAndGet(40 * SECOND); // 64 KiB over 70 s: below
        assertThrows(UploadTooSlowException.class, () -> in.read(new byte[16 * 1024]));
    }

    @Test
    void aMinimumOfZeroLeavesTheBodyAsItIs() {
        InputStream body = new ByteArrayInputStream(new byte[1]);
        assertSame(body, MinimumRateStream.of(body, 0, 10));
    }
}
