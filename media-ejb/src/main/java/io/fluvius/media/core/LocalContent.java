package io.fluvius.media.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import io.fluvius.media.core.io.BlockChecksums;
import io.fluvius.media.core.io.FileWindow;
import io.fluvius.media.core.metrics.Measurement;

/**
 * An entry's original bytes as a file on this machine, opened (the caller closes it) (raw content on a local directory), for servers
 * that can hand a file to the kernel ({@code sendfile}) instead of copying it through the JVM. Every byte
 * sent is checked first: window by window, the blocks a window overlaps are read once into a small
 * buffer and compared with the ledger's block checksums, and the window is sent only when all of them
 * match. A corrupt block therefore ends the transfer before any byte of it leaves, a range included;
 * when the first window shows it, before any byte at all. Files recorded before block checksums existed
 * are checked whole instead (the last window waits until the whole file matched) and their ranges not.
 */
public final class LocalContent implements AutoCloseable {

    /** How much is checked, then sent, at a time (rounded to whole blocks). */
    private static final long WINDOW = 16L * 1024 * 1024;
    private static final int CHECK_BUFFER = 1024 * 1024;
    /** Files up to this size are checked through a heap buffer ({@link #checkBuffer}). */
    private static final int SMALL_CHECK = 64 * 1024;

    private final FileChannel channel;
    private final long length;
    private final Long crc32c;
    private final BlockChecksums blocks;
    private final String description;
    private final Measurement measurement;

    /** Sends a window of the file: from its position to its size. */
    @FunctionalInterface
    public interface WindowSink {
        void send(FileChannel window) throws IOException;
    }

    /**
     * Opens the file now, so that what it reads is this blob's bytes even if the file is deleted meanwhile.
     *
     * @throws NoSuchFileException when the file is gone
     */
    static LocalContent open(Path file, long length, Long crc32c, BlockChecksums blocks, String description,
                             Measurement measurement) throws IOException {
        return new LocalContent(FileChannel.open(file, StandardOpenOption.READ), length, crc32c, blocks, description,
                measurement);
    }

    /** @param measurement the read this file serves: counts the bytes sent, reported at {@link #close} */
    private LocalContent(FileChannel channel, long length, Long crc32c, BlockChecksums blocks, String description,
                         Measurement measurement) {
        this.channel = channel;
        this.length = length;
        this.crc32c = crc32c;
        this.blocks = blocks;
        this.description = description;
        this.measurement = measurement;
    }

    public long length() {
        return length;
    }

    /**
     * Sends {@code count} bytes from {@code offset} (fewer at the end) to {@code sink}.
     *
     * @throws MediaIntegrityException when the file is missing, has another length than recorded, or other
     *         bytes; before the window holding the first bad block is sent
     */
    public void transfer(long offset, long count, WindowSink sink) throws IOException {
        try {
            transferCounted(offset, count, window -> {
                long size = window.size() - window.position(); // what send() takes from it
                sink.send(window);
                measurement.sent(size);
            });
        } catch (IOException | RuntimeException e) {
            measurement.failedWith(e);
            throw e;
        }
    }

    private void transferCounted(long offset, long count, WindowSink sink) throws IOException {
        long end = Math.min(length, offset + Math.min(count, Long.MAX_VALUE - offset));
        if (channel.size() != length) {
            throw new MediaIntegrityException(description + " hold " + channel.size() + " bytes, the ledger records "
                    + length);
        }
        if (!blocks.isEmpty()) {
            transferChecked(offset, end, sink);
        } else if (offset == 0 && end == length && crc32c != null) {
            transferCheckedWhole(sink);
        } else {
            for (long position = offset; position < end; position = Math.min(end, position + WINDOW)) {
                sink.send(new FileWindow(channel, position, Math.min(end, position + WINDOW)));
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            measurement.closed();
        }
    }

    /** Windows of whole blocks, each block checked before its window goes out. */
    private void transferChecked(long offset, long end, WindowSink sink) throws IOException {
        int blockSize = blocks.blockSize();
        long window = Math.max(blockSize, WINDOW / blockSize * blockSize);
        ByteBuffer buffer = checkBuffer(Math.min(blockSize, CHECK_BUFFER));
        CRC32C crc = new CRC32C();
        for (long start = (long) blocks.blockOf(offset) * blockSize; start < end; start += window) {
            long windowEnd = Math.min(length, start + window);
            for (long block = start; block < Math.min(windowEnd, end); block += blockSize) {
                long blockEnd = Math.min(length, block + blockSize);
                crc.reset();
                update(crc, block, blockEnd, buffer);
                int index = blocks.blockOf(block);
                if (crc.getValue() != blocks.crc(index)) {
                    throw new MediaIntegrityException(description + " are corrupt: block " + index + " (bytes " + block
                            + " to " + (blockEnd - 1) + ") has CRC32C " + Long.toHexString(crc.getValue())
                            + ", the ledger records " + Long.toHexString(blocks.crc(index)));
                }
            }
            sink.send(new FileWindow(channel, Math.max(offset, start), Math.min(end, windowEnd)));
        }
    }

    /** The whole file against one CRC32C: the last window waits until every byte matched. */
    private void transferCheckedWhole(WindowSink sink) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = checkBuffer(CHECK_BUFFER);
        for (long position = 0; position < length; position += WINDOW) {
            long windowEnd = Math.min(length, position + WINDOW);
            update(crc, position, windowEnd, buffer);
            if (windowEnd == length) {
                requireWholeMatch(crc);
            }
            sink.send(new FileWindow(channel, position, windowEnd));
        }
        if (length == 0) {
            requireWholeMatch(crc);
        }
    }

    /**
     * Where the checked bytes are read, no larger than the file: direct for large files (the read lands there
     * without a copy), on the heap for a small one, which the JDK reads through its per-thread direct buffer
     * instead of this transfer allocating native memory that only a garbage collection gives back.
     */
    private ByteBuffer checkBuffer(long size) {
        int capacity = (int) Math.max(1, Math.min(size, length));
        return capacity <= SMALL_CHECK ? ByteBuffer.allocate(capacity) : ByteBuffer.allocateDirect(capacity);
    }

    private void update(CRC32C crc, long from, long to, ByteBuffer buffer) throws IOException {
        for (long at = from; at < to; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), to - at));
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new MediaIntegrityException(description + " end at " + at + " of the " + length + " bytes recorded");
            }
            buffer.flip();
            crc.update(buffer);
            at += n;
        }
    }

    private void requireWholeMatch(CRC32C crc) {
        if (crc.getValue() != crc32c) {
            throw new MediaIntegrityException(description + " are corrupt: their " + length + " bytes have CRC32C "
                    + Long.toHexString(crc.getValue()) + ", the entry records " + Long.toHexString(crc32c));
        }
    }
}
