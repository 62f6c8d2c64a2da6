package io.fluvius.media.core.io;

import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Computes the CRC32C of every {@code blockSize} bytes that pass (the last block may be shorter): the
 * checksums a blob records of its stored bytes, taken in the same pass that stores them.
 */
public final class BlockChecksummingInputStream extends PassThroughInputStream {

    private final int blockSize;
    private final CRC32C crc = new CRC32C();
    private int[] crcs = new int[16];
    private int blocks;
    private int inBlock;

    public BlockChecksummingInputStream(InputStream in, int blockSize) {
        super(in);
        if (blockSize <= 0) {
            throw new IllegalArgumentException("block size must be positive, was " + blockSize);
        }
        this.blockSize = blockSize;
    }

    @Override
    void passing(byte[] b, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, blockSize - inBlock);
            crc.update(b, off, n);
            inBlock += n;
            off += n;
            len -= n;
            if (inBlock == blockSize) {
                endBlock();
            }
        }
    }

    private void endBlock() {
        if (blocks == crcs.length) {
            crcs = Arrays.copyOf(crcs, blocks * 2);
        }
        crcs[blocks++] = (int) crc.getValue();
        crc.reset();
        inBlock = 0;
    }

    /** The checksums of everything that passed; call once the stream is read to its end. */
    public BlockChecksums checksums() {
        if (inBlock > 0) {
            endBlock();
        }
        return BlockChecksums.of(blockSize, Arrays.copyOf(crcs, blocks));
    }
}
