package io.fluvius.media.connector.spi.backend;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.jclouds.filesystem.reference.FilesystemConstants;

import io.fluvius.media.connector.BlobNotFoundException;
import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;
import io.fluvius.media.connector.InvalidKeyException;
import io.fluvius.media.connector.StorageUnavailableException;

/**
 * Protocol {@code file}: a local directory in the jclouds filesystem provider's layout, which stores key
 * {@code a/b} as {@code <root>/media/a/b}; jclouds serves the listing and copies. The hot paths are done
 * on the disk directly, because jclouds does not do them the way the data-safety invariants and the
 * throughput need:
 * <ul>
 * <li>a write streams into a hidden sibling through one {@link FileChannel}, is fsynced, and is renamed
 *     into place (jclouds' own write adds an MD5 pass over every byte and extended attributes we never
 *     read, and does not fsync);</li>
 * <li>a move is one atomic rename (publishing 1 GiB must not copy it);</li>
 * <li>a delete leaves directories alone (jclouds prunes empty parents, racing a concurrent write into
 *     them).</li>
 * </ul>
 * Objects written here stay readable through jclouds: they carry no extended attributes, which jclouds
 * treats as "no stored metadata".
 */
final class FileBackend extends JcloudsBackend {

    /** Flushes at once: one per large write in flight, up to this many writes. */
    private static final int FLUSHERS = 4;

    private final Path containerDirectory;
    private final EarlyWriteback writeback;

    private FileBackend(String fsKey, Path root) {
        super(fsKey, context(root), CONTAINER);
        this.containerDirectory = root.resolve(CONTAINER);
        this.writeback = new EarlyWriteback(fsKey, FLUSHERS);
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
        return buildContext(() -> ContextBuilder.newBuilder(new FilesystemApiMetadata()).overrides(overrides), null);
    }

    /** What one write moves between the caller's stream and the file per call. */
    private static final int WRITE_CHUNK = 256 * 1024;
    private static final String PARTIAL_SUFFIX = ".part";

    /**
     * The bytes go to a hidden sibling of the target ({@code .<name>.<random>.part}), reach the disk
     * ({@code fdatasync}), and are renamed over the target, whose directory is then synced: the object is
     * durable when this returns, and a failure leaves the target as it was. A crash mid-write leaves only
     * the sibling, which {@link #delete} of the same key removes. A large write is flushed while it goes on
     * ({@link EarlyWriteback}), so that its last {@code fdatasync} has little left to do.
     */
    @Override
    public long write(String key, InputStream data) {
        Path target = pathOf(key);
        Path partial = target.resolveSibling(partialPrefix(target) + UUID.randomUUID() + PARTIAL_SUFFIX);
        try {
            createDirectoriesDurably(target.getParent());
            long written = 0;
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE_NEW)) {
                // Fill the chunk before writing: a network source hands over a few KiB per read, and one
                // system call per 256 KiB keeps the write path's cost out of the upload's way. A source that
                // has all its bytes at hand (a small put's, read ahead) says how many: its chunk is no larger,
                // and grows to the full size only if that first chunk fills.
                byte[] chunk = new byte[firstChunkSize(data)];
                EarlyWriteback.Flushes flushes = writeback.of(() -> channel.force(false));
                int n;
                while ((n = data.readNBytes(chunk, 0, chunk.length)) > 0) {
                    ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    written += n;
                    flushes.written(n);
                    if (n == chunk.length && chunk.length < WRITE_CHUNK) {
                        chunk = new byte[WRITE_CHUNK];
                    }
                }
                flushes.awaitFlush();
                channel.force(false);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(target.getParent());
            return written;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(partial, e);
            throw failures.writeFailed(key, e);
        }
    }

    @Override
    public void close() {
        try {
            writeback.close();
        } finally {
            super.close();
        }
    }

    /** What {@code data} says it holds, plus one byte to see its end in the same read; at most a full chunk. */
    private static int firstChunkSize(InputStream data) throws IOException {
        int available = data.available();
        return available <= 0 || available >= WRITE_CHUNK ? WRITE_CHUNK : available + 1;
    }

    /** A copy made by jclouds is fsynced, then the rename that put it in place. */
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
            createDirectoriesDurably(to.getParent());
            // rename(2): atomic, replaces an existing target, copies no bytes. Syncing the target's
            // directory makes it durable; the source's directory is left unsynced: journaling
            // filesystems commit a rename as one transaction, and where one does not, the worst a crash
            // leaves is the source name as well, an object without an entry that the orphan sweep removes.
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(to.getParent());
            return null;
        });
    }

    @Override
    public Optional<Path> localFile(String key) {
        Path file = pathOf(key);
        return Files.isRegularFile(file, NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
    }

    /**
     * Removes the object and whatever an interrupted write of it left beside it (a killed server leaves
     * its hidden partial sibling), so that collecting the key of a killed upload collects all its bytes.
     */
    @Override
    public boolean delete(String key) {
        return call(key, () -> {
            Path file = pathOf(key);
            boolean deleted = Files.isRegularFile(file, NOFOLLOW_LINKS) && Files.deleteIfExists(file);
            deletePartials(file);
            return deleted;
        });
    }

    private static void deletePartials(Path file) throws IOException {
        Path directory = file.getParent();
        if (!Files.isDirectory(directory, NOFOLLOW_LINKS)) {
            return;
        }
        String prefix = partialPrefix(file);
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(directory,
                candidate -> candidate.getFileName().toString().startsWith(prefix)
                        && candidate.getFileName().toString().endsWith(PARTIAL_SUFFIX))) {
            for (Path partial : partials) {
                Files.deleteIfExists(partial);
            }
        }
    }

    /** Partial writes of {@code target} are {@code .<name>.<random>.part} beside it. */
    private static String partialPrefix(Path target) {
        return "." + target.getFileName() + ".";
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

    /**
     * Creates {@code directory} (inside the container) and any missing parents, and syncs the parent of
     * each one it created, so that a file later made durable in it is not lost with a directory entry a
     * crash forgot. Never recreates the container itself: a missing root is a broken store (an unmounted
     * volume, say), not a place to start writing afresh.
     */
    private void createDirectoriesDurably(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (!Files.isDirectory(containerDirectory)) {
            throw new NoSuchFileException(containerDirectory.toString(), null, "the filesystem's directory is gone");
        }
        Path existing = directory;
        while (!Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        Files.createDirectories(directory);
        for (Path created = directory; !created.equals(existing); created = created.getParent()) {
            forceDirectory(created.getParent());
        }
    }

    private void deleteQuietly(Path file, Exception cause) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
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
