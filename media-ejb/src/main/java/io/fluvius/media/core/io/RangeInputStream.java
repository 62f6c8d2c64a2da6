package io.fluvius.media.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A window of at most {@code length} bytes over a stream, e.g. a byte range of a file read through
 * its decompressor. It never reads the source past the window, and closing it leaves the source
 * open: whoever opened the source closes it.
 */
public final class RangeInputStream extends InputStream {

    private final InputStream source;
    private long remaining;

    /** A window over the next {@code length} bytes of {@code source}. */
    public RangeInputStream(InputStream source, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        this.source = Objects.requireNonNull(source, "source");
        this.remaining = length;
    }

    /**
     * Skips {@code offset} bytes of {@code source}, then returns a window over the next
     * {@code length}.
     *
     * @throws java.io.EOFException if the source ends before {@code offset}
     */
    public static RangeInputStream of(InputStream source, long offset, long length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        source.skipNBytes(offset);
        return new RangeInputStream(source, length);
    }

    @Override
    public int read() throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int b = source.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        int n = source.read(b, off, (int) Math.min(len, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = source.skip(Math.min(n, remaining));
        remaining -= Math.max(skipped, 0);
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(source.available(), remaining);
    }

    /** Leaves the source open; see the class comment. */
    @Override
    public void close() {
        // The source belongs to whoever opened it.
    }
}
