package io.fluvius.media.it;

import java.io.InputStream;
import java.util.SplittableRandom;

/** {@code length} pseudo-random bytes from a seed, generated as they are read: no array of that size. */
public final class SeededContent extends InputStream {

    private final SplittableRandom random;
    private final long length;
    private long position;

    public SeededContent(long seed, long length) {
        this.random = new SplittableRandom(seed);
        this.length = length;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - position);
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
