package io.fluvius.media.connector.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/** Test data made in the test: seeded random bytes and streams that are long, or that break. */
final class TestStreams {

    private TestStreams() {
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** {@code size} pseudo-random bytes made on the fly: nothing of the stream is ever held whole. */
    static InputStream generated(long size, long seed) {
        return new InputStream() {
            private long remaining = size;
            private long state = seed | 1;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (remaining == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, remaining);
                for (int i = 0; i < n; i++) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                    buffer[offset + i] = (byte) state;
                }
                remaining -= n;
                return n;
            }
        };
    }

    /** Gives {@code goodBytes} of {@code data}, then fails the way a dropped upload does. */
    static InputStream failingAfter(byte[] data, int goodBytes) {
        return new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position >= goodBytes) {
                    throw new IOException("client went away");
                }
                return data[position++] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (position >= goodBytes) {
                    throw new IOException("client went away");
                }
                int n = Math.min(length, goodBytes - position);
                System.arraycopy(data, position, buffer, offset, n);
                position += n;
                return n;
            }
        };
    }
}
