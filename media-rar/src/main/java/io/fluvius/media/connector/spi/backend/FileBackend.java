package io.fluvius.media.connector.spi.backend;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.jclouds.filesystem.reference.FilesystemConstants;

import io.fluvius.media.connector.BlobNotFoundException;
import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;
import io.fluvius.media.connector.InvalidKeyException;
import io.fluvius.media.connector.StorageUnavailableException;

/**
 * Protocol {@code file}: a local directory through the jclouds filesystem provider, which stores key
 * {@code a/b} as {@code <root>/media/a/b}. jclouds writes each object to a temporary sibling and
 * renames it into place, so a failed write leaves nothing under the key. Three things are done on the
 * disk directly because jclouds does not do them the way the data-safety invariants need: a write is
 * fsynced before it returns, a move is one atomic rename (publishing 1 GiB must not copy it), and a
 * delete leaves directories alone (jclouds prunes empty parents, racing a concurrent write into them).
 */
final class FileBackend extends JcloudsBackend {

    private final Path containerDirectory;

    private FileBackend(String fsKey, Path root) {
        super(fsKey, context(root), CONTAINER);
        this.containerDirectory = root.resolve(CONTAINER);
    }

    static FileBackend open(FilesystemSpec spec) {
        Path root = rootOf(spec);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new StorageUnavailableException("Cannot create the root directory of filesystem '"
                    + spec.fsKey() + "'", e);
        }
        return new FileBackend(spec.fsKey(), root);
    }

    /** @throws InvalidFilesystemException when {@code root} is missing or not a path */
    static Path rootOf(FilesystemSpec spec) {
        String root = spec.param("root");
        if (root == null || root.isBlank()) {
            throw new InvalidFilesystemException("Filesystem '" + spec.fsKey()
                    + "' (protocol file) needs the parameter 'root': the directory to store under");
        }
        try {
            return Path.of(root).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidFilesystemException("Filesystem '" + spec.fsKey() + "': parameter 'root' is not a path");
        }
    }

    private static BlobStoreContext context(Path root) {
        Properties overrides = new Properties();
        overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, root.toString());
        return buildContext(new FilesystemApiMetadata(), overrides);
    }

    /** The object's bytes, then the rename that put it in place, reach the disk before the write returns. */
    @Override
    protected void makeDurable(String key) throws IOException {
        Path file = pathOf(key);
        force(file);
        forceDirectory(file.getParent());
    }

    @Override
    public void move(String source, String target) {
        call(source, () -> {
            Path from = pathOf(source);
            Path to = pathOf(target);
            if (!Files.isRegularFile(from, NOFOLLOW_LINKS)) {
                // Without this a key naming a directory would move the whole subtree.
                throw new BlobNotFoundException(fsKey, source);
            }
            Files.createDirectories(to.getParent());
            // rename(2): atomic, replaces an existing target, copies no bytes.
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(to.getParent());
            if (!to.getParent().equals(from.getParent())) {
                forceDirectory(from.getParent());
            }
            return null;
        });
    }

    @Override
    public boolean delete(String key) {
        return call(key, () -> {
            Path file = pathOf(key);
            return Files.isRegularFile(file, NOFOLLOW_LINKS) && Files.deleteIfExists(file);
        });
    }

    /**
     * jclouds' local stores build the whole listing, with every object's metadata, for each page: one
     * page keeps a listing linear in the number of keys instead of quadratic.
     */
    @Override
    protected int listPageSize() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean isUsable() {
        return Files.isDirectory(containerDirectory) && Files.isWritable(containerDirectory);
    }

    /** Keys are validated upstream; this is the last guard that no key resolves outside the container. */
    private Path pathOf(String key) {
        Path path = containerDirectory.resolve(key).normalize();
        if (!path.startsWith(containerDirectory) || path.equals(containerDirectory)) {
            throw new InvalidKeyException(key, "resolves outside the filesystem root");
        }
        return path;
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Makes a rename or a new entry in {@code directory} durable where the platform allows opening one. */
    private static void forceDirectory(Path directory) throws IOException {
        try {
            force(directory);
        } catch (IOException e) {
            if (Files.isDirectory(directory)) {
                // Some platforms (Windows) cannot open a directory for fsync; the file itself is synced.
                return;
            }
            throw e;
        }
    }
}
