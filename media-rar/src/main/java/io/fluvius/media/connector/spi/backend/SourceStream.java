package io.fluvius.media.connector.spi.backend;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caller's data on its way into a backend: counts the bytes, remembers whether the caller's
 * stream (rather than the store) failed, and ignores {@code close()} because the caller owns the
 * stream (jclouds closes payload streams when it is done with them).
 */
final class SourceStream extends FilterInputStream {

    private long count;
    private Exception failure;

    SourceStream(InputStream data) {
        super(data);
    }

    @Override
    public int read() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        } catch (IOException | RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // The caller's stream: the caller closes it.
    }

    long count() {
        return count;
    }

    /** What the caller's stream threw, or {@code null} when it did not fail. */
    Exception failure() {
        return failure;
    }
}
