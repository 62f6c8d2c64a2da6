package io.fluvius.media.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fluvius.media.core.MediaIntegrityException;

/** Block checksums taken while bytes are stored, and the reads that check every block before handing it over. */
class BlockChecksumsTest {

    private static final int BLOCK = 1000;

    private static byte[] bytes(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return content;
    }

    private static BlockChecksums checksumsOf(byte[] content) throws IOException {
        var summing = new BlockChecksummingInputStream(new ByteArrayInputStream(content), BLOCK);
        summing.transferTo(OutputStream.nullOutputStream());
        return summing.checksums();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 999, 1000, 1001, 5500})
    void everyBlockGetsTheCrc32cOfItsBytesTheLastOneShorter(int size) throws IOException {
        byte[] content = bytes(size);
        BlockChecksums sums = checksumsOf(content);

        assertEquals((size + BLOCK - 1) / BLOCK, sums.count());
        for (int i = 0; i < sums.count(); i++) {
            var crc = new CRC32C();
            crc.update(content, i * BLOCK, Math.min(BLOCK, size - i * BLOCK));
            assertEquals(crc.getValue(), sums.crc(i), "block " + i);
        }
        assertEquals(sums, BlockChecksums.of(BLOCK, sums.toBytes()), "survives its packed form");
    }

    @Test
    void emptyContentHasNoBlocks() throws IOException {
        assertTrue(checksumsOf(new byte[0]).isEmpty());
    }

    @Test
    void intactBytesReadBackWholeAndFromAnyBlock() throws IOException {
        byte[] content = bytes(5500);
        BlockChecksums sums = checksumsOf(content);

        assertArrayEquals(content, verifying(content, sums, 0).readAllBytes());
        byte[] fromBlock3 = Arrays.copyOfRange(content, 3000, 5500);
        assertArrayEquals(fromBlock3, new BlockVerifyingInputStream(new ByteArrayInputStream(fromBlock3), sums, 3,
                content.length, "blob").readAllBytes());
    }

    @Test
    void aCorruptBlockFailsBeforeAnyOfItsBytesAndAfterEveryEarlierOne() throws IOException {
        byte[] content = bytes(5500);
        BlockChecksums sums = checksumsOf(content);
        byte[] corrupt = content.clone();
        corrupt[2500] ^= 1; // block 2

        InputStream in = verifying(corrupt, sums, 0);
        var received = new ByteArrayOutputStream();
        byte[] buffer = new byte[300];
        MediaIntegrityException failure = assertThrows(MediaIntegrityException.class, () -> {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
        });
        assertArrayEquals(Arrays.copyOf(content, 2000), received.toByteArray(), "blocks 0 and 1, nothing of block 2");
        assertTrue(failure.getMessage().contains("block 2"), failure.getMessage());
    }

    @Test
    void aCorruptFirstBlockFailsTheFirstRead() throws IOException {
        byte[] content = bytes(5500);
        BlockChecksums sums = checksumsOf(content);
        byte[] corrupt = content.clone();
        corrupt[0] ^= 1;

        assertThrows(MediaIntegrityException.class, () -> verifying(corrupt, sums, 0).read());
    }

    @Test
    void truncatedAndOverlongBlobsFailLoudly() throws IOException {
        byte[] content = bytes(5500);
        BlockChecksums sums = checksumsOf(content);

        var truncated = verifying(Arrays.copyOf(content, 5400), sums, 0);
        assertThrows(MediaIntegrityException.class, truncated::readAllBytes);
        byte[] longer = Arrays.copyOf(content, 5501);
        var overlong = new BlockVerifyingInputStream(new ByteArrayInputStream(longer), sums, 0, content.length, "blob");
        assertThrows(MediaIntegrityException.class, overlong::readAllBytes);
    }

    @Test
    void skippingStillChecksTheBlocksItPasses() throws IOException {
        byte[] content = bytes(5500);
        BlockChecksums sums = checksumsOf(content);
        byte[] corrupt = content.clone();
        corrupt[1500] ^= 1;

        InputStream in = verifying(corrupt, sums, 0);
        assertThrows(MediaIntegrityException.class, () -> in.skipNBytes(2500));
    }

    private static InputStream verifying(byte[] stored, BlockChecksums sums, int firstBlock) {
        return new BlockVerifyingInputStream(new ByteArrayInputStream(stored), sums, firstBlock, 5500, "blob");
    }
}
