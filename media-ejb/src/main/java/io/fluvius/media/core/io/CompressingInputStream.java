package io.fluvius.media.core.io;

import io.fluvius.media.core.compress.CompressionMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The compressed form of a source stream, produced as it is read: for storage APIs that take an
 * {@link InputStream}, so that a put compresses in the same single pass as it uploads.
 *
 * <p>Each read that finds nothing buffered pulls one chunk from the source and feeds it to the
 * compressor; there is no background thread. Memory is the chunk, the codec's own state and its
 * largest single output (bounded by its block size, e.g. 900 KB for bzip2, 64 KiB for LZ4 frames),
 * whatever the length of the source. Closing this stream closes the source.
 */
public final class CompressingInputStream extends InputStream {

    /** The chunk pulled from the source per step, the same as {@code media.chunk-size}'s default. */
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

    private final InputStream source;
    private final byte[] chunk;
    private final DrainBuffer compressed;
    private final OutputStream compressor;
    private final byte[] single = new byte[1];
    private boolean sourceExhausted;
    private boolean closed;

    /** Compresses {@code source} with {@code method}, pulling {@value #DEFAULT_CHUNK_SIZE} bytes at a time. */
    public CompressingInputStream(InputStream source, CompressionMethod method) throws IOException {
        this(source, method, DEFAULT_CHUNK_SIZE);
    }

    /** Compresses {@code source} with {@code method}, pulling {@code chunkSize} bytes at a time. */
    public CompressingInputStream(InputStream source, CompressionMethod method, int chunkSize) throws IOException {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
        this.source = Objects.requireNonNull(source, "source");
        this.chunk = new byte[chunkSize];
        this.compressed = new DrainBuffer(chunkSize);
        this.compressor = Objects.requireNonNull(method, "method").compressing(compressed);
    }

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
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("Stream closed");
        }
        if (len == 0) {
            return 0;
        }
        // A codec may swallow several chunks before it emits a block: keep pulling until it does.
        while (compressed.isEmpty()) {
            if (sourceExhausted) {
                return -1;
            }
            pullChunk();
        }
        return compressed.drainTo(b, off, len);
    }

    private void pullChunk() throws IOException {
        int n = source.read(chunk, 0, chunk.length);
        if (n < 0) {
            sourceExhausted = true;
            compressor.close(); // writes the format's trailer into the buffer and frees codec state
        } else if (n > 0) {
            compressor.write(chunk, 0, n);
        }
    }

    @Override
    public int available() {
        return closed ? 0 : compressed.size();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!sourceExhausted) {
                compressor.close(); // zstd and deflate hold native memory until closed
            }
        } finally {
            source.close();
        }
    }

    /** The internal buffer's size, for tests that check memory stays bounded. */
    int bufferCapacity() {
        return compressed.capacity();
    }

    /**
     * The compressor's sink: written by the codec, drained by {@link #read}. It is reused, not
     * reallocated per chunk; it only grows when one codec emission is larger than anything before.
     */
    private static final class DrainBuffer extends OutputStream {
        private byte[] bytes;
        private int start;
        private int end;

        DrainBuffer(int initialCapacity) {
            bytes = new byte[initialCapacity];
        }

        boolean isEmpty() {
            return start == end;
        }

        int size() {
            return end - start;
        }

        int capacity() {
            return bytes.length;
        }

        int drainTo(byte[] b, int off, int len) {
            int n = Math.min(len, end - start);
            System.arraycopy(bytes, start, b, off, n);
            start += n;
            if (start == end) {
                start = 0;
                end = 0;
            }
            return n;
        }

        @Override
        public void write(int b) {
            makeRoom(1);
            bytes[end++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            makeRoom(len);
            System.arraycopy(b, off, bytes, end, len);
            end += len;
        }

        private void makeRoom(int len) {
            if (bytes.length - end >= len) {
                return;
            }
            int unread = end - start;
            int needed = Math.addExact(unread, len);
            if (needed > bytes.length) {
                bytes = Arrays.copyOfRange(bytes, start, Math.max(needed, bytes.length * 2));
            } else {
                System.arraycopy(bytes, start, bytes, 0, unread);
            }
            start = 0;
            end = unread;
        }
    }
}
