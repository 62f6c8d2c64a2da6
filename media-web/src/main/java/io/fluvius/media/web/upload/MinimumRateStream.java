package io.fluvius.media.web.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A request body that must keep up a minimum average rate: once {@code grace} has passed since the request began,
 * a read that leaves the average below {@code bytesPerSecond} fails with {@link UploadTooSlowException}. A client
 * that sends nothing at all is ended by the listener's read timeout instead (configure-web.cli): a blocked read
 * cannot check anything.
 */
public final class MinimumRateStream extends FilterInputStream {

    private final long bytesPerSecond;
    private final long graceNanos;
    private final LongSupplier clock;
    private final long start;
    private long count;

    /**
     * @param body           the request body
     * @param bytesPerSecond the minimum average rate; 0 turns the check off
     * @param graceNanos     how long the body may take before the average counts (a slow start, a busy server)
     * @param clock          {@link System#nanoTime} but in tests
     */
    MinimumRateStream(InputStream body, long bytesPerSecond, long graceNanos, LongSupplier clock) {
        super(body);
        this.bytesPerSecond = bytesPerSecond;
        this.graceNanos = graceNanos;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** The body as the resource reads it: wrapped when a minimum rate is set. */
    public static InputStream of(InputStream body, long bytesPerSecond, long graceSeconds) {
        if (bytesPerSecond <= 0) {
            return body;
        }
        return new MinimumRateStream(body, bytesPerSecond, TimeUnit.SECONDS.toNanos(graceSeconds), System::nanoTime);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        counted(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        counted(Math.max(n, 0));
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) throws UploadTooSlowException {
        count += n;
        long elapsed = clock.getAsLong() - start;
        if (elapsed > graceNanos && count < bytesPerSecond * (double) elapsed / TimeUnit.SECONDS.toNanos(1)) {
            throw new UploadTooSlowException(count, TimeUnit.NANOSECONDS.toMillis(elapsed), bytesPerSecond);
        }
    }
}
