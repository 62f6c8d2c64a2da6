package io.fluvius.media.fault;

import static io.fluvius.media.it.MediaApi.sha256Hex;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The stored files of {@code file} filesystems held against the entries that reference them: which entries point at
 * no file, and which files no entry points at (garbage, partial files included). FileBackend keeps key {@code a/b}
 * at {@code <root>/media/a/b}.
 *
 * @param roots the root directory of each {@code file} filesystem, by fsKey
 */
record StorageAudit(Map<String, Path> roots) {

    /** What the audit found. */
    record Findings(int entries, int files, List<String> missing, List<String> unreferenced) {
    }

    Findings of(Collection<JsonObject> entries) throws IOException {
        Set<Path> referenced = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        for (JsonObject entry : entries) {
            Path root = roots.get(entry.getString("fsKey"));
            if (root == null) {
                throw new IllegalStateException("an entry on a filesystem this audit does not know: " + entry);
            }
            Path file = container(root).resolve(entry.getString("fsPath"));
            referenced.add(file);
            if (!Files.isRegularFile(file)) {
                missing.add(entry.getString("id") + " -> " + entry.getString("fsKey") + ":" + entry.getString("fsPath"));
            }
        }
        List<Path> files = files();
        List<String> unreferenced = files.stream().filter(f -> !referenced.contains(f)).map(Path::toString).toList();
        return new Findings(entries.size(), files.size(), missing, unreferenced);
    }

    /** The stored files whose bytes are {@code content} (stored uncompressed), on every filesystem. */
    long copiesOf(byte[] content) throws IOException {
        String sha256 = sha256Hex(content);
        long copies = 0;
        for (Path file : files()) {
            try {
                if (Files.size(file) == content.length && sha256.equals(sha256Hex(Files.readAllBytes(file)))) {
                    copies++;
                }
            } catch (NoSuchFileException collected) {
                // gone since the walk
            }
        }
        return copies;
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots.values()) {
            Path container = container(root);
            if (!Files.isDirectory(container)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(container)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return files;
    }

    private static Path container(Path root) {
        return root.resolve("media");
    }
}
