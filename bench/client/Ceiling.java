import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.github.luben.zstd.ZstdOutputStream;

/**
 * The least work any upload must do, on one thread: read the file, SHA-256 it, (optionally zstd level 3
 * it,) write it and fsync, with 1 MiB buffers, after a warm-up in memory. Prints one JSON line.
 * Usage: {@code Ceiling <source> <target> [zstd]}
 */
public final class Ceiling {

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
        boolean zstd = args.length > 2 && args[2].equals("zstd");
        Files.deleteIfExists(target);
        byte[] buffer = new byte[1 << 20];
        warmUp(buffer, zstd);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long read = 0;
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(source);
             FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream file = unclosable(Channels.newOutputStream(channel));
            OutputStream out = zstd ? new ZstdOutputStream(file, 3) : file;
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
                read += n;
            }
            out.close(); // finishes the zstd frame; the channel stays open for force
            channel.force(true);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long written = Files.size(target);
        Files.delete(target);
        System.out.printf("{\"seconds\":%.6f,\"bytes\":%d,\"written\":%d,\"sha256\":\"%s\"}%n",
                seconds, read, written, HexFormat.of().formatHex(sha256.digest()));
    }

    /** The JIT compiles the digest (and compressor) loops before the clock starts, as in a warm server. */
    private static void warmUp(byte[] buffer, boolean zstd) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (Content content = new Content(128 << 20);
             OutputStream sink = zstd ? new ZstdOutputStream(OutputStream.nullOutputStream(), 3)
                     : OutputStream.nullOutputStream()) {
            int n;
            while ((n = content.read(buffer, 0, buffer.length)) > 0) {
                sha256.update(buffer, 0, n);
                sink.write(buffer, 0, n);
            }
        }
    }

    /** Closing the compressor must not close the channel before it is forced. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
