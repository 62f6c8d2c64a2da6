package io.fluvius.media.fault;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The regular files under some directories, by path, with their sizes: taken before and after the hostile
 * requests, so that a file created anywhere but in the places the server legitimately writes shows.
 */
record FileTreeSnapshot(Map<Path, Long> sizes) {

    /** Every regular file under {@code roots}, skipping the files and directories that {@code moving} names. */
    static FileTreeSnapshot of(List<Path> roots, Predicate<Path> moving) throws IOException {
        var sizes = new TreeMap<Path, Long>();
        for (Path root : roots) {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return moving.test(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && !moving.test(file)) {
                        sizes.put(file, attributes.size());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // deleted while walking: a moving part
                }
            });
        }
        return new FileTreeSnapshot(sizes);
    }

    /** The files of {@code after} that this snapshot does not have. */
    List<Path> newIn(FileTreeSnapshot after) {
        return after.sizes.keySet().stream().filter(p -> !sizes.containsKey(p)).toList();
    }

    /** The files of both whose size changed. */
    List<Path> changedIn(FileTreeSnapshot after) {
        return after.sizes.entrySet().stream()
                .filter(e -> sizes.containsKey(e.getKey()) && !sizes.get(e.getKey()).equals(e.getValue()))
                .map(Map.Entry::getKey).toList();
    }
}
