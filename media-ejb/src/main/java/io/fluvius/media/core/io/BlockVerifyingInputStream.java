package io.fluvius.media.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32C;

import io.fluvius.media.core.MediaIntegrityException;

/**
 * Stored bytes, checked a block at a time before any byte of the block is handed over: each block is read
 * whole into a buffer of one block, its CRC32C compared with the recorded one, and only then served. A
 * corrupt, short or overlong blob fails loudly ({@link MediaIntegrityException}) at the first block that
 * shows it, so a reader gets every byte before it and none of it or after it. Memory: one block.
 */
public final class BlockVerifyingInputStream extends InputStream {

    private final InputStream stored;
    private final BlockChecksums checks;
    private final long storedLength;
    private final String description;
    private final byte[] buffer;
    private final CRC32C crc = new CRC32C();
    private int nextBlock;
    private int position;
    private int limit;

    /**
     * @param stored       the stored bytes from the start of block {@code firstBlock} on (a whole read, or a
     *                     ranged read from a block's start); closed with this stream
     * @param storedLength the length of the whole blob
     * @param description  what the bytes are, for the error message ("The stored bytes of entry …")
     */
    public BlockVerifyingInputStream(InputStream stored, BlockChecksums checks, int firstBlock, long storedLength,
                                     String description) {
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("no block checksums to verify against");
        }
        if (BlockChecksums.blockCount(storedLength, checks.blockSize()) != checks.count()) {
            throw new MediaIntegrityException(description + " record " + checks.count() + " block checksums for "
                    + storedLength + " stored bytes in blocks of " + checks.blockSize());
        }
        this.stored = Objects.requireNonNull(stored, "stored");
        this.checks = checks;
        this.storedLength = storedLength;
        this.description = description;
        this.nextBlock = firstBlock;
        this.buffer = new byte[(int) Math.max(1, Math.min(checks.blockSize(), storedLength))];
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && fill()) {
            int step = (int) Math.min(n - skipped, limit - position);
            position += step;
            skipped += step;
        }
        return skipped;
    }

    @Override
    public int available() {
        return limit - position;
    }

    @Override
    public void close() throws IOException {
        stored.close();
    }

    /** Makes sure a checked byte is buffered; {@code false} at the end of the blob. */
    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        if (nextBlock >= checks.count()) {
            return false;
        }
        long start = (long) nextBlock * checks.blockSize();
        int length = (int) Math.min(checks.blockSize(), storedLength - start);
        int read = stored.readNBytes(buffer, 0, length);
        if (read < length) {
            throw new MediaIntegrityException(description + " end at byte " + (start + read) + " of the "
                    + storedLength + " recorded");
        }
        crc.reset();
        crc.update(buffer, 0, length);
        if (crc.getValue() != checks.crc(nextBlock)) {
            throw new MediaIntegrityException(description + " are corrupt: block " + nextBlock + " (bytes " + start
                    + " to " + (start + length - 1) + ") has CRC32C " + Long.toHexString(crc.getValue())
                    + ", the ledger records " + Long.toHexString(checks.crc(nextBlock)));
        }
        nextBlock++;
        if (nextBlock == checks.count() && stored.read() >= 0) {
            throw new MediaIntegrityException(description + " hold more bytes than the " + storedLength + " recorded");
        }
        position = 0;
        limit = length;
        return true;
    }
}
