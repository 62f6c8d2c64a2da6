package io.fluvius.media.web.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A request body that must keep up a minimum average rate, measured over the time the server spent waiting for it:
 * once the reads have waited {@code grace} in all, a read that leaves the average below {@code bytesPerSecond} fails
 * with {@link UploadTooSlowException}. Only the time inside the body's reads counts, so that the server's own pauses
 * (waiting for a bean instance or a database connection before the first read, writing to a slow storage between
 * two reads) are never blamed on the client: a client that sent its body promptly is read from the socket's buffer
 * at once, whatever the server did meanwhile. A client that sends nothing at all is ended by the listener's read
 * timeout instead (configure-web.cli): a blocked read cannot check anything.
 */
public final class MinimumRateStream extends FilterInputStream {

    private final long bytesPerSecond;
    private final long graceNanos;
    private final LongSupplier clock;
    private long count;
    private long waitedNanos;

    /**
     * @param body           the request body
     * @param bytesPerSecond the minimum average rate; 0 turns the check off
     * @param graceNanos     how long the reads may wait in all before the average counts (a slow start)
     * @param clock          {@link System#nanoTime} but in tests
     */
    MinimumRateStream(InputStream body, long bytesPerSecond, long graceNanos, LongSupplier clock) {
        super(body);
        this.bytesPerSecond = bytesPerSecond;
        this.graceNanos = graceNanos;
        this.clock = clock;
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
        long before = clock.getAsLong();
        int b = super.read();
        counted(b < 0 ? 0 : 1, before);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        long before = clock.getAsLong();
        int n = super.read(buffer, offset, length);
        counted(Math.max(n, 0), before);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long before = clock.getAsLong();
        long skipped = super.skip(n);
        counted(skipped, before);
        return skipped;
    }

    /** Counts a read of {@code n} bytes that began at {@code began}, and refuses the body if it is now too slow. */
    private void counted(long n, long began) throws UploadTooSlowException {
        count += n;
        waitedNanos += clock.getAsLong() - began;
        if (waitedNanos > graceNanos && count < bytesPerSecond * (double) waitedNanos / TimeUnit.SECONDS.toNanos(1)) {
            throw new UploadTooSlowException(count, TimeUnit.NANOSECONDS.toMillis(waitedNanos), bytesPerSecond);
        }
    }
}
