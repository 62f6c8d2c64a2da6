package io.fluvius.media.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluvius.media.core.compress.CompressionMethod;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressingInputStreamTest {

    private static final long MiB = 1024 * 1024;

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void randomBytesRoundTrip(CompressionMethod method) throws IOException {
        byte[] original = GeneratedContent.randomBytes(1, 500_000);

        assertArrayEquals(original, decompress(method, compressByReading(method, original)));
    }

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void compressibleTextRoundTripsAndShrinks(CompressionMethod method) throws IOException {
        byte[] original = GeneratedContent.compressibleText(2, 200_000);

        byte[] compressed = compressByReading(method, original);

        assertTrue(compressed.length < original.length * 3 / 4,
                method + " left " + compressed.length + " of " + original.length + " bytes");
        assertArrayEquals(original, decompress(method, compressed));
    }

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void emptySourceGivesAValidEmptyCompressedStream(CompressionMethod method) throws IOException {
        assertArrayEquals(new byte[0], decompress(method, compressByReading(method, new byte[0])));
    }

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void smallChunksAndAwkwardReadSizesStillRoundTrip(CompressionMethod method) throws IOException {
        byte[] original = GeneratedContent.compressibleText(3, 100_000);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();

        try (InputStream in = new CompressingInputStream(new ByteArrayInputStream(original), method, 1000)) {
            byte[] buffer = new byte[7];
            for (int i = 0; ; i++) {
                // Alternate single-byte and small-array reads.
                int b = i % 2 == 0 ? in.read() : in.read(buffer, 0, buffer.length);
                if (b < 0) {
                    break;
                }
                if (i % 2 == 0) {
                    compressed.write(b);
                } else {
                    compressed.write(buffer, 0, b);
                }
            }
        }

        assertArrayEquals(original, decompress(method, compressed.toByteArray()));
    }

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void readsTheSourceOnlyAsFarAsTheReaderNeeds(CompressionMethod method) throws IOException {
        CountingInputStream source = new CountingInputStream(GeneratedContent.compressibleTextStream(4, 64 * MiB));

        try (InputStream in = new CompressingInputStream(source, method)) {
            in.read();

            // Each codec emits within a block of input: 900 KB for bzip2, at most 2 MiB for an LZMA2 chunk.
            assertTrue(source.count() <= 8 * MiB, method + " pulled " + source.count() + " bytes for one");
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void pullsTheSourceOnTheReadersThreadOnly(CompressionMethod method) throws IOException {
        Set<Thread> readers = new HashSet<>();
        InputStream source = new FilterInputStream(GeneratedContent.compressibleTextStream(5, 200_000)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                readers.add(Thread.currentThread());
                return super.read(b, off, len);
            }
        };

        try (InputStream in = new CompressingInputStream(source, method)) {
            in.transferTo(OutputStream.nullOutputStream());
        }

        assertEquals(Set.of(Thread.currentThread()), readers);
    }

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void closingBeforeTheEndClosesTheSourceAndEndsReading(CompressionMethod method) throws IOException {
        boolean[] closed = {false};
        InputStream source = new FilterInputStream(GeneratedContent.compressibleTextStream(6, 4 * MiB)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        InputStream in = new CompressingInputStream(source, method);
        in.read(new byte[100]);

        in.close();

        assertTrue(closed[0]);
        assertThrows(IOException.class, in::read);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionMethod.class, names = {"GZIP", "ZSTD", "LZ4"})
    void compresses200MiBInOnePassWithBoundedMemory(CompressionMethod method) throws IOException {
        long size = 200 * MiB;
        MessageDigest originalDigest = Sha256.newDigest();
        MessageDigest roundTripDigest = Sha256.newDigest();
        CountingInputStream compressedCount;
        CountingInputStream roundTripCount;
        int bufferCapacity;

        InputStream original = new DigestInputStream(GeneratedContent.compressibleTextStream(8, size), originalDigest);
        try (CompressingInputStream compressing = new CompressingInputStream(original, method);
                CountingInputStream compressed = new CountingInputStream(compressing);
                CountingInputStream decompressed = new CountingInputStream(
                        new DigestInputStream(method.decompressing(compressed), roundTripDigest))) {
            decompressed.transferTo(OutputStream.nullOutputStream());
            compressedCount = compressed;
            roundTripCount = decompressed;
            bufferCapacity = compressing.bufferCapacity();
        }

        assertEquals(size, roundTripCount.count());
        assertEquals(Sha256.hex(originalDigest), Sha256.hex(roundTripDigest));
        assertTrue(compressedCount.count() < size / 2, "compressed to " + compressedCount.count());
        // The -Xmx256m test heap could hold the whole file; this shows the stream never tried to.
        assertTrue(bufferCapacity <= MiB, "buffer grew to " + bufferCapacity);
    }

    private static byte[] compressByReading(CompressionMethod method, byte[] original) throws IOException {
        try (InputStream in = new CompressingInputStream(new ByteArrayInputStream(original), method)) {
            return in.readAllBytes();
        }
    }

    private static byte[] decompress(CompressionMethod method, byte[] compressed) throws IOException {
        try (InputStream in = method.decompressing(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }
}
