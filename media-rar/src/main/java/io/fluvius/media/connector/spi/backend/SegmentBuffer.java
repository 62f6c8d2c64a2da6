package io.fluvius.media.connector.spi.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;

import org.jclouds.io.Payload;
import org.jclouds.io.Payloads;

import com.google.common.io.ByteSource;

/**
 * One segment of an upload in memory, in fixed chunks allocated as the data arrives (a small object costs
 * one chunk, not a whole segment) and reused for the next segment. Its payload is repeatable, so that
 * jclouds can retry a segment's PUT.
 */
final class SegmentBuffer {

    private static final int CHUNK = 256 * 1024;

    private final long capacity;
    private final List<byte[]> chunks = new ArrayList<>();
    private long length;

    SegmentBuffer(long capacity) {
        this.capacity = capacity;
    }

    /** Replaces the contents with the next bytes of {@code in}, up to the capacity. @return how many */
    long fill(InputStream in) throws IOException {
        length = 0;
        for (int index = 0; length < capacity; index++) {
            if (index == chunks.size()) {
                chunks.add(new byte[(int) Math.min(CHUNK, capacity - length)]);
            }
            byte[] chunk = chunks.get(index);
            int n = in.readNBytes(chunk, 0, chunk.length);
            length += n;
            if (n < chunk.length) {
                break;
            }
        }
        return length;
    }

    long length() {
        return length;
    }

    boolean isFull() {
        return length == capacity;
    }

    /** Whether {@code in} has nothing more; reads one byte ahead and gives it back. */
    static boolean atEnd(PushbackInputStream in) throws IOException {
        int next = in.read();
        if (next < 0) {
            return true;
        }
        in.unread(next);
        return false;
    }

    Payload payload() {
        List<ByteSource> parts = new ArrayList<>();
        long left = length;
        for (byte[] chunk : chunks) {
            if (left == 0) {
                break;
            }
            int n = (int) Math.min(chunk.length, left);
            parts.add(ByteSource.wrap(chunk).slice(0, n));
            left -= n;
        }
        Payload payload = Payloads.newByteSourcePayload(ByteSource.concat(parts));
        payload.getContentMetadata().setContentLength(length);
        return payload;
    }
}
