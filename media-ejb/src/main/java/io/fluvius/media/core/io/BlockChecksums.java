package io.fluvius.media.core.io;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A CRC32C of every fixed-size block of a blob's stored bytes (the last block may be shorter), so that a
 * read checks each block before it hands any byte of it over, without reading the rest of the blob: a
 * range read reads the blocks it overlaps, a whole read all of them. Blobs recorded before blocks were
 * checked have none ({@link #isEmpty()}).
 */
public final class BlockChecksums {

    private static final BlockChecksums NONE = new BlockChecksums(0, new int[0]);

    private final int blockSize;
    private final int[] crcs;

    private BlockChecksums(int blockSize, int[] crcs) {
        this.blockSize = blockSize;
        this.crcs = crcs;
    }

    public static BlockChecksums none() {
        return NONE;
    }

    /** @param crcs one CRC32C per block, in order */
    public static BlockChecksums of(int blockSize, int[] crcs) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("block size must be positive, was " + blockSize);
        }
        return new BlockChecksums(blockSize, crcs.clone());
    }

    /** @param packed 4 bytes per block, big-endian, as {@link #toBytes()} writes them */
    public static BlockChecksums of(int blockSize, byte[] packed) {
        if (packed.length % Integer.BYTES != 0) {
            throw new IllegalArgumentException("block checksums must be 4 bytes each, got " + packed.length + " bytes");
        }
        int[] crcs = new int[packed.length / Integer.BYTES];
        ByteBuffer.wrap(packed).asIntBuffer().get(crcs);
        return of(blockSize, crcs);
    }

    public byte[] toBytes() {
        ByteBuffer packed = ByteBuffer.allocate(crcs.length * Integer.BYTES);
        packed.asIntBuffer().put(crcs);
        return packed.array();
    }

    public boolean isEmpty() {
        return crcs.length == 0;
    }

    /** Bytes per block; 0 when there are none. */
    public int blockSize() {
        return blockSize;
    }

    public int count() {
        return crcs.length;
    }

    /** The CRC32C of block {@code index}, as the unsigned value {@code CRC32C.getValue()} returns. */
    public long crc(int index) {
        return Integer.toUnsignedLong(crcs[index]);
    }

    /** The index of the block holding stored byte {@code offset}. */
    public int blockOf(long offset) {
        return Math.toIntExact(offset / blockSize);
    }

    /** How many blocks {@code storedLength} bytes make. */
    public static int blockCount(long storedLength, int blockSize) {
        return Math.toIntExact((storedLength + blockSize - 1) / blockSize);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockChecksums that && blockSize == that.blockSize && Arrays.equals(crcs, that.crcs);
    }

    @Override
    public int hashCode() {
        return 31 * blockSize + Arrays.hashCode(crcs);
    }

    @Override
    public String toString() {
        return isEmpty() ? "BlockChecksums[none]" : "BlockChecksums[" + crcs.length + " x " + blockSize + "]";
    }
}
