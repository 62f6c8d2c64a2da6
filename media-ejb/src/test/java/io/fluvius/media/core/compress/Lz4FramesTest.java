package io.fluvius.media.core.compress;

import static io.fluvius.media.core.compress.CompressionMethodTest.compress;
import static io.fluvius.media.core.compress.CompressionMethodTest.decompress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluvius.media.core.io.GeneratedContent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Factory;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;

/** LZ4 through lz4-java: the standard frame format, fast, and the same bytes with or without its JNI codec. */
class Lz4FramesTest {

    private static final int MiB = 1024 * 1024;

    @Test
    void writesAStandardFrameOf64KiBBlocksWithBlockAndContentChecksums() throws IOException {
        byte[] compressed = compress(CompressionMethod.LZ4, GeneratedContent.compressibleText(1, 1000));

        // Magic number 0x184D2204, little-endian.
        assertArrayEquals(new byte[] {0x04, 0x22, 0x4D, 0x18}, Arrays.copyOf(compressed, 4));
        // FLG: version 01, independent blocks, block checksum, content checksum; no content size.
        assertEquals(0b0111_0100, compressed[4] & 0xFF);
        // BD: maximum block size 64 KiB.
        assertEquals(0x40, compressed[5] & 0xFF);
    }

    @Test
    void anotherLz4ImplementationReadsWhatItWrites() throws IOException {
        byte[] original = concat(GeneratedContent.compressibleText(2, 1 * MiB), GeneratedContent.randomBytes(2, 300_000));

        byte[] compressed = compress(CompressionMethod.LZ4, original);

        try (InputStream in = new FramedLZ4CompressorInputStream(new ByteArrayInputStream(compressed))) {
            assertArrayEquals(original, in.readAllBytes());
        }
    }

    @Test
    void readsFramesThatAnotherLz4ImplementationWrote() throws IOException {
        // Commons Compress's encoder (4 MiB blocks, content checksum), the one LZ4 used to be written with. It
        // is slow on text, hence the small sample.
        byte[] original = concat(GeneratedContent.compressibleText(3, 16_000), GeneratedContent.randomBytes(3, 100_000));
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream out = new FramedLZ4CompressorOutputStream(compressed)) {
            out.write(original);
        }

        assertArrayEquals(original, decompress(CompressionMethod.LZ4, compressed.toByteArray()));
    }

    @Test
    void compressesTextAtHundredsOfMBPerSecondNotKB() {
        // The encoder this replaced managed ~40 KB/s on such text: 16 MiB would have taken seven minutes.
        byte[] original = GeneratedContent.compressibleText(4, 16 * MiB);

        byte[] compressed = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> compress(CompressionMethod.LZ4, original));

        assertTrue(compressed.length < original.length * 3 / 4, "compressed to " + compressed.length);
    }

    @Test
    void aCorruptBlockFailsBeforeAnyOfItsBytesAreServed() throws IOException {
        byte[] original = GeneratedContent.compressibleText(5, 1 * MiB);
        byte[] compressed = compress(CompressionMethod.LZ4, original);
        // Inside the first block's data: a ranged read that stops early never reaches the content checksum.
        compressed[200] ^= 0x55;

        try (InputStream in = CompressionMethod.LZ4.decompressing(new ByteArrayInputStream(compressed))) {
            assertThrows(IOException.class, () -> in.readNBytes(10));
        }
    }

    @Test
    void aTruncatedFrameFailsRatherThanEndingQuietly() throws IOException {
        byte[] compressed = compress(CompressionMethod.LZ4, GeneratedContent.compressibleText(6, 300_000));

        for (int cut : new int[] {1, 4, 8, compressed.length / 2}) {
            byte[] truncated = Arrays.copyOf(compressed, compressed.length - cut);
            assertThrows(IOException.class, () -> decompress(CompressionMethod.LZ4, truncated), "cut " + cut);
        }
    }

    @Test
    void compressesTheSameWithLittleHeap() {
        long allocated = CompressionMethodTest.allocatedWhileCompressing(
                CompressionMethod.LZ4, GeneratedContent.compressibleText(7, 1 * MiB));

        // 4 MiB blocks would take two 4 MiB buffers per stream.
        assertTrue(allocated < 2 * MiB, "allocated " + allocated + " bytes");
    }

    /**
     * In WildFly the library's classes come from a deployment's class loader, where lz4-java does not load its
     * JNI codec; here, loaded by the system class loader, it does. Frames from either side read on the other.
     */
    @Test
    void outsideTheSystemClassLoaderItRunsInPureJavaAndStaysCompatible() throws Exception {
        byte[] original = concat(GeneratedContent.compressibleText(8, 2 * MiB), GeneratedContent.randomBytes(8, 200_000));
        URL[] classpath = Arrays.stream(new Class<?>[] {
                    CompressionMethod.class,
                    LZ4Factory.class,
                    FramedLZ4CompressorInputStream.class, // commons-compress
                    org.apache.commons.io.IOUtils.class,
                    org.apache.commons.lang3.StringUtils.class,
                    org.tukaani.xz.LZMA2Options.class,
                    com.github.luben.zstd.ZstdInputStream.class})
                .map(type -> type.getProtectionDomain().getCodeSource().getLocation())
                .distinct()
                .toArray(URL[]::new);

        try (URLClassLoader deployment = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
            Object factory = deployment.loadClass(LZ4Factory.class.getName()).getMethod("fastestInstance").invoke(null);
            assertTrue(factory.toString().contains("Java"), factory.toString());

            Class<?> isolatedMethod = deployment.loadClass(CompressionMethod.class.getName());
            Object isolatedLz4 = isolatedMethod.getField(CompressionMethod.LZ4.name()).get(null);
            Method compressing = isolatedMethod.getMethod("compressing", OutputStream.class);
            Method decompressing = isolatedMethod.getMethod("decompressing", InputStream.class);

            ByteArrayOutputStream written = new ByteArrayOutputStream();
            try (OutputStream out = (OutputStream) compressing.invoke(isolatedLz4, written)) {
                out.write(original);
            }
            assertArrayEquals(original, decompress(CompressionMethod.LZ4, written.toByteArray()));

            byte[] compressedHere = compress(CompressionMethod.LZ4, original);
            try (InputStream in = (InputStream) decompressing.invoke(
                    isolatedLz4, new ByteArrayInputStream(compressedHere))) {
                assertArrayEquals(original, in.readAllBytes());
            }
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
