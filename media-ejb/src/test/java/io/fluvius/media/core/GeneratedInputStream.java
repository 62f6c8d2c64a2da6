package io.fluvius.media.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;

/** Seeded pseudo-random bytes of a given length, generated as they are read: no array of that size. */
final class GeneratedInputStream extends InputStream {

    private final SplittableRandom random;
    private final long length;
    private final long failAfter;
    private long position;

    GeneratedInputStream(long seed, long length) {
        this(seed, length, -1);
    }

    /** A stream that throws an IOException once {@code failAfter} bytes have been read. */
    GeneratedInputStream(long seed, long length, long failAfter) {
        this.random = new SplittableRandom(seed);
        this.length = length;
        this.failAfter = failAfter;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0; // InputStream's contract; readNBytes asks for 0 bytes when its buffer is full
        }
        if (failAfter >= 0 && position >= failAfter) {
            throw new IOException("simulated broken stream after " + position + " bytes");
        }
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - position);
        if (failAfter >= 0) {
            n = (int) Math.max(1, Math.min(n, failAfter - position));
        }
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long v = random.nextLong();
            for (int k = 0; k < 8; k++) {
                b[off + i + k] = (byte) (v >>> (k * 8));
            }
        }
        for (; i < n; i++) {
            b[off + i] = (byte) random.nextInt(256);
        }
        position += n;
        return n;
    }
}
