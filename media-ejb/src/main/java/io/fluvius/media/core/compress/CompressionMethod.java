package io.fluvius.media.core.compress;

import io.fluvius.media.core.InvalidMediaRequestException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.deflate.DeflateCompressorInputStream;
import org.apache.commons.compress.compressors.deflate.DeflateCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream;
import org.apache.commons.compress.compressors.lzma.LZMACompressorOutputStream;
import org.apache.commons.compress.compressors.snappy.FramedSnappyCompressorInputStream;
import org.apache.commons.compress.compressors.snappy.FramedSnappyCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.tukaani.xz.LZMA2Options;

/**
 * The compression formats a stored file can be kept in. "No compression" is not a constant: call sites
 * use {@code null} or {@link Optional#empty()}.
 *
 * <p>All formats stream in both directions with bounded memory. LZ4 and Snappy use their framed
 * formats, the only ones that can be written without knowing the whole input first.
 */
public enum CompressionMethod {

    GZIP("gz", GzipCompressorOutputStream::new, GzipCompressorInputStream::new),
    BZ2("bz2", BZip2CompressorOutputStream::new, BZip2CompressorInputStream::new, "bzip2"),
    /** The legacy {@code .lzma} format. It has no checksum, so corruption can go unnoticed: prefer XZ. */
    LZMA("lzma", CompressionMethod::lzma, LZMACompressorInputStream::new),
    XZ("xz", CompressionMethod::xz, XZCompressorInputStream::new),
    ZSTD("zst", CompressionMethod::zstd, ZstdCompressorInputStream::new, "zstandard"),
    /** LZ4 frames (the format of the {@code lz4} tool), written and read by lz4-java. */
    LZ4("lz4", CompressionMethod::lz4, LZ4FrameInputStream::new),
    SNAPPY("sz", FramedSnappyCompressorOutputStream::new, FramedSnappyCompressorInputStream::new),
    /** zlib-wrapped deflate (RFC 1950), so the stored bytes carry a checksum. */
    DEFLATE("deflate", DeflateCompressorOutputStream::new, DeflateCompressorInputStream::new, "zlib");

    // zstd's own default; higher levels cost much more CPU for little gain on media.
    private static final int ZSTD_LEVEL = 3;
    // The default preset 6 holds ~95 MiB of heap per stream, 1 about 10 MiB: concurrent uploads must fit the heap.
    private static final int XZ_PRESET = 1;
    // Several decoders (bzip2, lzma, snappy headers) read the source a byte at a time.
    private static final int READ_BUFFER = 8 * 1024;

    private final String suffix;
    private final Encoder encoder;
    private final Decoder decoder;
    private final List<String> aliases;

    CompressionMethod(String suffix, Encoder encoder, Decoder decoder, String... aliases) {
        this.suffix = suffix;
        this.encoder = encoder;
        this.decoder = decoder;
        this.aliases = List.of(aliases);
    }

    /**
     * Wraps {@code out} so that bytes written to the result reach {@code out} compressed. Closing the
     * result writes the format's trailer and closes {@code out}.
     */
    public OutputStream compressing(OutputStream out) throws IOException {
        return encoder.wrap(out);
    }

    /**
     * Wraps {@code in}, which holds data in this format, so that the result yields the original bytes.
     * Closing the result closes {@code in}. Corrupt input surfaces as an {@link IOException} while reading.
     */
    public InputStream decompressing(InputStream in) throws IOException {
        return decoder.wrap(new BufferedInputStream(in, READ_BUFFER));
    }

    /** The usual file-name suffix, without the dot: {@code gz}, {@code zst}, {@code sz}... */
    public String suffix() {
        return suffix;
    }

    /**
     * Reads a compression name as callers give it: the constant's name, its suffix or a common alias,
     * in any case. {@code null}, blank and {@code "none"} mean no compression.
     *
     * @throws InvalidMediaRequestException (code {@code media.unknown-compression}) for any other name;
     *     its message lists the supported names
     */
    public static Optional<CompressionMethod> parse(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("none")) {
            return Optional.empty();
        }
        for (CompressionMethod method : values()) {
            if (method.answersTo(wanted)) {
                return Optional.of(method);
            }
        }
        throw new InvalidMediaRequestException("media.unknown-compression",
                "Unknown compression '" + name.strip() + "'; supported: " + supportedNames() + ", or none");
    }

    private boolean answersTo(String lowerCaseName) {
        return name().toLowerCase(Locale.ROOT).equals(lowerCaseName)
                || suffix.equals(lowerCaseName)
                || aliases.contains(lowerCaseName);
    }

    private static String supportedNames() {
        return Arrays.stream(values())
                .map(method -> method.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    private static OutputStream zstd(OutputStream out) throws IOException {
        // zstd writes its content checksum only when asked; reads of a corrupt blob must fail
        // rather than return wrong bytes.
        return ZstdCompressorOutputStream.builder()
                .setOutputStream(out)
                .setLevel(ZSTD_LEVEL)
                .setChecksum(true)
                .get();
    }

    private static OutputStream xz(OutputStream out) throws IOException {
        return XZCompressorOutputStream.builder()
                .setOutputStream(out)
                .setLzma2Options(new LZMA2Options(XZ_PRESET))
                .get();
    }

    private static OutputStream lzma(OutputStream out) throws IOException {
        // The .lzma format has no integrity check to switch on, unlike XZ's CRC64 or zstd's checksum.
        return LZMACompressorOutputStream.builder()
                .setOutputStream(out)
                .setLzma2Options(new LZMA2Options(XZ_PRESET))
                .get();
    }

    private static OutputStream lz4(OutputStream out) throws IOException {
        // 64 KiB blocks (LZ4's match window anyway) keep a stream's buffers near 128 KiB rather than 8 MiB,
        // for ~4% more output. Block and content checksums make corrupt data fail to read rather than return
        // wrong bytes, a block's before any of its bytes are served. lz4-java picks its fastest codec: JNI when
        // loaded by the system class loader, pure Java otherwise (a WildFly deployment).
        return new LZ4FrameOutputStream(out, BLOCKSIZE.SIZE_64KB,
                FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.CONTENT_CHECKSUM, FLG.Bits.BLOCK_CHECKSUM);
    }

    @FunctionalInterface
    private interface Encoder {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    @FunctionalInterface
    private interface Decoder {
        InputStream wrap(InputStream in) throws IOException;
    }
}
