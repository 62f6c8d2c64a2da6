package io.fluvius.media.core.io;

import java.io.InputStream;
import java.util.Arrays;

/**
 * Keeps a copy of the first bytes that pass through it, so that the MIME type can be sniffed after a
 * single streaming pass. Memory is at most the capacity, whatever the stream's length, and no more than the
 * stream's length for a shorter one: the copy grows with what passes, doubling from the first read's size.
 */
public final class HeadCapturingInputStream extends PassThroughInputStream {

    private final int capacity;
    private byte[] head = new byte[0];
    private int captured;

    /** @param capacity how many leading bytes to keep, e.g. {@code MimeDetector.HEAD_SIZE} */
    public HeadCapturingInputStream(InputStream in, int capacity) {
        super(in);
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
    }

    /** A copy of the bytes captured so far: the whole stream if it was shorter than the capacity. */
    public byte[] head() {
        return Arrays.copyOf(head, captured);
    }

    @Override
    void passing(byte[] b, int off, int len) {
        int n = Math.min(len, capacity - captured);
        if (n > 0) {
            if (captured + n > head.length) {
                head = Arrays.copyOf(head, Math.min(capacity, Math.max(captured + n, 2 * head.length)));
            }
            System.arraycopy(b, off, head, captured, n);
            captured += n;
        }
    }
}
