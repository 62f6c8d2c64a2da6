package io.fluvius.media.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A wrapper that sees every byte exactly once, on its way to the reader. Unlike
 * {@link java.io.FilterInputStream}, skipping reads through {@link #read(byte[], int, int)} and
 * mark/reset is unsupported, so that counts, limits and captures cannot be bypassed or replayed.
 */
abstract class PassThroughInputStream extends InputStream {

    private final InputStream in;
    private final byte[] single = new byte[1];

    PassThroughInputStream(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    /** Sees {@code len} bytes that were just read, before the reader gets them; may reject them by throwing. */
    abstract void passing(byte[] b, int off, int len);

    @Override
    public int read() throws IOException {
        int n;
        do {
            n = read(single, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : single[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            passing(b, off, n);
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
