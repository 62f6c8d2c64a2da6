import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@link Content} of a given size to a file (reused when it already has that size: the content
 * is deterministic) or, with {@code -}, to standard output, so that a 6 GiB upload needs no 6 GiB file.
 * Usage: {@code Generate <size: 1g, 64m, 4096> <path | ->}
 */
public final class Generate {

    public static void main(String[] args) throws IOException {
        long size = Sizes.parse(args[0]);
        if (args[1].equals("-")) {
            try (OutputStream out = new FileOutputStream(FileDescriptor.out)) {
                copy(size, out);
            }
            return;
        }
        Path target = Path.of(args[1]);
        if (Files.isRegularFile(target) && Files.size(target) == size) {
            return;
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            copy(size, out);
        }
        Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copy(long size, OutputStream out) throws IOException {
        byte[] buffer = new byte[1 << 20];
        try (Content content = new Content(size)) {
            int n;
            while ((n = content.read(buffer, 0, buffer.length)) > 0) {
                out.write(buffer, 0, n);
            }
        }
    }
}
