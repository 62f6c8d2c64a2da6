package io.fluvius.media.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import io.fluvius.media.core.io.FileWindow;

/**
 * An entry's original bytes as a file on this machine (raw content on a local directory), for servers
 * that can hand a file to the kernel ({@code sendfile}) instead of copying it through the JVM. A whole
 * transfer is still checked: window by window the bytes are read once more into a small buffer for their
 * CRC32C, and the last window is sent only when the whole file matched the entry, so a corrupt blob never
 * reaches a client complete. Ranges are sent as they are, like ranges of a stream.
 */
public final class LocalContent {

    /** How much is checked, then sent, at a time. */
    private static final long WINDOW = 16L * 1024 * 1024;
    private static final int CHECK_BUFFER = 1024 * 1024;

    private final Path file;
    private final long length;
    private final long crc32c;
    private final String description;

    /** Sends a window of the file: from its position to its size. */
    @FunctionalInterface
    public interface WindowSink {
        void send(FileChannel window) throws IOException;
    }

    LocalContent(Path file, long length, long crc32c, String description) {
        this.file = file;
        this.length = length;
        this.crc32c = crc32c;
        this.description = description;
    }

    public long length() {
        return length;
    }

    /**
     * Sends {@code count} bytes from {@code offset} (fewer at the end) to {@code sink}; from 0 with a count
     * of at least the length, the whole file, checked.
     *
     * @throws MediaIntegrityException when the file is missing, has another length than the entry records,
     *         or (whole transfers) other bytes; before the first window is sent when the first window
     *         already shows it
     */
    public void transfer(long offset, long count, WindowSink sink) throws IOException {
        boolean whole = offset == 0 && count >= length;
        long end = whole ? length : Math.min(length, offset + count);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != length) {
                throw new MediaIntegrityException(description + " holds " + channel.size() + " bytes, the entry records "
                        + length);
            }
            CRC32C crc = whole ? new CRC32C() : null;
            ByteBuffer buffer = whole ? ByteBuffer.allocateDirect((int) Math.max(1, Math.min(CHECK_BUFFER, length))) : null;
            for (long position = offset; position < end; ) {
                long windowEnd = Math.min(end, position + WINDOW);
                if (crc != null) {
                    update(crc, channel, position, windowEnd, buffer);
                    if (windowEnd == end) {
                        requireMatch(crc);
                    }
                }
                sink.send(new FileWindow(channel, position, windowEnd));
                position = windowEnd;
            }
            if (crc != null && length == 0) {
                requireMatch(crc);
            }
        } catch (NoSuchFileException e) {
            throw new MediaIntegrityException(description + " are missing", e);
        }
    }

    private void update(CRC32C crc, FileChannel channel, long from, long to, ByteBuffer buffer) throws IOException {
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

    private void requireMatch(CRC32C crc) {
        if (crc.getValue() != crc32c) {
            throw new MediaIntegrityException(description + " is corrupt: its " + length + " bytes have CRC32C "
                    + Long.toHexString(crc.getValue()) + ", the entry records " + Long.toHexString(crc32c));
        }
    }
}
