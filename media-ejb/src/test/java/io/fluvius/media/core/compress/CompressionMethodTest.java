package io.fluvius.media.core.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.io.GeneratedContent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class CompressionMethodTest {

    private static final int MiB = 1024 * 1024;

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "none", "NONE", " None "})
    void absentBlankOrNoneMeansNoCompression(String name) {
        assertEquals(Optional.empty(), CompressionMethod.parse(name));
    }

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void parsesItsOwnNameInAnyCaseAndItsSuffix(CompressionMethod method) {
        assertEquals(Optional.of(method), CompressionMethod.parse(method.name()));
        assertEquals(Optional.of(method), CompressionMethod.parse(method.name().toLowerCase(Locale.ROOT)));
        assertEquals(Optional.of(method), CompressionMethod.parse(" " + method.suffix().toUpperCase(Locale.ROOT) + " "));
    }

    @Test
    void parsesCommonAliases() {
        assertEquals(Optional.of(CompressionMethod.BZ2), CompressionMethod.parse("bzip2"));
        assertEquals(Optional.of(CompressionMethod.ZSTD), CompressionMethod.parse("Zstandard"));
        assertEquals(Optional.of(CompressionMethod.DEFLATE), CompressionMethod.parse("zlib"));
    }

    @Test
    void unknownNameIsAnInvalidRequestListingTheSupportedNames() {
        InvalidMediaRequestException e =
                assertThrows(InvalidMediaRequestException.class, () -> CompressionMethod.parse("rar"));

        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals("media.unknown-compression", e.code());
        assertTrue(e.getMessage().contains("'rar'"), e.getMessage());
        for (CompressionMethod method : CompressionMethod.values()) {
            assertTrue(e.getMessage().contains(method.name().toLowerCase(Locale.ROOT)), e.getMessage());
        }
    }

    @Test
    void suffixesAreTheUsualFileExtensions() {
        Map<CompressionMethod, String> expected = Map.of(
                CompressionMethod.GZIP, "gz", CompressionMethod.BZ2, "bz2", CompressionMethod.LZMA, "lzma",
                CompressionMethod.XZ, "xz", CompressionMethod.ZSTD, "zst", CompressionMethod.LZ4, "lz4",
                CompressionMethod.SNAPPY, "sz", CompressionMethod.DEFLATE, "deflate");
        for (CompressionMethod method : CompressionMethod.values()) {
            assertEquals(expected.get(method), method.suffix(), method.name());
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void randomBytesRoundTrip(CompressionMethod method) throws IOException {
        byte[] original = GeneratedContent.randomBytes(42, 500_000);

        assertArrayEquals(original, decompress(method, compress(method, original)));
    }

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void compressibleTextRoundTripsAndShrinks(CompressionMethod method) throws IOException {
        byte[] original = GeneratedContent.compressibleText(7, 200_000);

        byte[] compressed = compress(method, original);

        assertTrue(compressed.length < original.length * 3 / 4,
                method + " left " + compressed.length + " of " + original.length + " bytes");
        assertArrayEquals(original, decompress(method, compressed));
    }

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void emptyContentRoundTrips(CompressionMethod method) throws IOException {
        assertArrayEquals(new byte[0], decompress(method, compress(method, new byte[0])));
    }

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void decompressesFromAStreamWithoutMarkSupport(CompressionMethod method) throws IOException {
        byte[] original = GeneratedContent.compressibleText(3, 100_000);
        InputStream noMark = new FilterInputStream(new ByteArrayInputStream(compress(method, original))) {
            @Override
            public boolean markSupported() {
                return false;
            }

            @Override
            public synchronized void mark(int readlimit) {
                throw new AssertionError("mark called");
            }

            @Override
            public synchronized void reset() {
                throw new AssertionError("reset called");
            }
        };

        try (InputStream in = method.decompressing(noMark)) {
            assertArrayEquals(original, in.readAllBytes());
        }
    }

    // LZMA's "alone" format carries no checksum, so a flipped byte may go unnoticed there.
    @ParameterizedTest
    @EnumSource(value = CompressionMethod.class, mode = EnumSource.Mode.EXCLUDE, names = "LZMA")
    void corruptedDataFailsToDecompressRatherThanReturningWrongBytes(CompressionMethod method) throws IOException {
        byte[] original = GeneratedContent.compressibleText(11, 100_000);
        byte[] compressed = compress(method, original);
        compressed[compressed.length / 2] ^= 0x55;

        assertThrows(IOException.class, () -> decompress(method, compressed));
    }

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void closingTheCompressingStreamClosesTheTarget(CompressionMethod method) throws IOException {
        boolean[] closed = {false};
        OutputStream target = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        method.compressing(target).close();

        assertTrue(closed[0]);
    }

    // Preset 6, xz's default, takes ~95 MiB of heap per stream: a few concurrent uploads would fill the server's.
    @ParameterizedTest
    @EnumSource(value = CompressionMethod.class, names = {"XZ", "LZMA"})
    void xzAndLzmaCompressWithAFewMiBOfHeap(CompressionMethod method) {
        long allocated = allocatedWhileCompressing(method, GeneratedContent.compressibleText(12, 1 * MiB));

        assertTrue(allocated < 16 * MiB, method + " allocated " + allocated + " bytes");
    }

    // The writer's dictionary sets what every later read needs: 4 MiB admits presets 0 to 2 (6 needs 9 MiB).
    @ParameterizedTest
    @EnumSource(value = CompressionMethod.class, names = {"XZ", "LZMA"})
    void xzAndLzmaReadBackWithinAFewMiB(CompressionMethod method) throws IOException {
        byte[] original = GeneratedContent.compressibleText(13, 300_000);
        ByteArrayInputStream compressed = new ByteArrayInputStream(compress(method, original));

        try (InputStream in = method == CompressionMethod.XZ
                ? XZCompressorInputStream.builder().setInputStream(compressed).setMemoryLimitKiB(4096).get()
                : LZMACompressorInputStream.builder().setInputStream(compressed).setMemoryLimitKiB(4096).get()) {
            assertArrayEquals(original, in.readAllBytes());
        }
    }

    /** The heap this thread allocates to compress {@code original}: the codec's state and buffers, and garbage. */
    static long allocatedWhileCompressing(CompressionMethod method, byte[] original) {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        try {
            // Once first, so that class loading and one-time set-up are not counted.
            compressTo(method, original, OutputStream.nullOutputStream());
            long before = threads.getCurrentThreadAllocatedBytes();
            compressTo(method, original, OutputStream.nullOutputStream());
            return threads.getCurrentThreadAllocatedBytes() - before;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] compress(CompressionMethod method, byte[] original) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        compressTo(method, original, compressed);
        return compressed.toByteArray();
    }

    private static void compressTo(CompressionMethod method, byte[] original, OutputStream target) throws IOException {
        try (OutputStream out = method.compressing(target)) {
            // Several writes, so that the codec sees a stream rather than one block.
            for (int off = 0; off < original.length; off += 10_000) {
                out.write(original, off, Math.min(10_000, original.length - off));
            }
        }
    }

    static byte[] decompress(CompressionMethod method, byte[] compressed) throws IOException {
        try (InputStream in = method.decompressing(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }
}
