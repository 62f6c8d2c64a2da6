package io.fluvius.media.connector.spi;

import static io.fluvius.media.connector.spi.TestStreams.failingAfter;
import static io.fluvius.media.connector.spi.TestStreams.generated;
import static io.fluvius.media.connector.spi.TestStreams.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.connector.BlobNotFoundException;
import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaDriver;
import io.fluvius.media.connector.MediaStorageException;

/** What protocol {@code file} promises on the disk itself, beyond the storage contract. */
class FileProtocolTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tempDir;

    private Path root;
    private MediaManagedConnectionFactory driver;
    private MediaConnection connection;

    @BeforeEach
    void openConnection() {
        root = tempDir.resolve("not/yet/there");
        driver = MediaManagedConnectionFactory.forSpec(new FilesystemSpec("file", "file", Map.of("root", root.toString())));
        connection = driver.createConnectionFactory().getConnection();
    }

    @AfterEach
    void closeConnection() {
        connection.close();
        driver.close();
    }

    @Test
    void theRootIsCreatedAndAnObjectIsAFileUnderIt() throws IOException {
        byte[] data = randomBytes(4_096, 7);

        connection.write("blobs/ab/cd", new ByteArrayInputStream(data));

        assertArrayEquals(data, Files.readAllBytes(root.resolve("media/blobs/ab/cd")));
    }

    @Test
    void moveIsARenameOnDiskNotACopy() throws IOException {
        connection.write("tmp/upload", new ByteArrayInputStream(randomBytes(100_000, 8)));
        connection.write("blobs/final", new ByteArrayInputStream(randomBytes(10, 9)));
        Object inode = Files.getAttribute(root.resolve("media/tmp/upload"), "unix:ino");

        connection.move("tmp/upload", "blobs/final");

        assertEquals(inode, Files.getAttribute(root.resolve("media/blobs/final"), "unix:ino"));
        assertFalse(Files.exists(root.resolve("media/tmp/upload")));
    }

    @Test
    void aFailedWriteLeavesNoFileBehind() throws IOException {
        assertThrows(MediaStorageException.class,
                () -> connection.write("tmp/upload", failingAfter(randomBytes(200_000, 10), 150_000)));

        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList());
        }
    }

    @Test
    void deletingAKeyAlsoRemovesWhatAnInterruptedWriteOfItLeft() throws IOException {
        connection.write("blobs/ab/killed", new ByteArrayInputStream(randomBytes(10, 1)));
        // What a server killed in the middle of a write of the key leaves beside it.
        Path partial = root.resolve("media/blobs/ab/.killed.1234.part");
        Files.write(partial, randomBytes(1000, 2));
        Path unrelated = root.resolve("media/blobs/ab/.killed-too.5678.part");
        Files.write(unrelated, randomBytes(10, 3));

        assertTrue(connection.delete("blobs/ab/killed"));

        assertFalse(Files.exists(partial));
        assertFalse(Files.exists(root.resolve("media/blobs/ab/killed")));
        assertTrue(Files.exists(unrelated), "another key's partial write stays");
        Files.write(partial, randomBytes(1000, 4));
        assertFalse(connection.delete("blobs/ab/killed"), "only a partial was left: no object was deleted");
        assertFalse(Files.exists(partial), "but the partial is gone");
    }

    @Test
    void deletingTheLastObjectOfADirectoryKeepsTheDirectoryForConcurrentWriters() {
        connection.write("tmp/a", new ByteArrayInputStream(new byte[] {1}));

        assertTrue(connection.delete("tmp/a"));

        assertTrue(Files.isDirectory(root.resolve("media/tmp")));
        assertEquals(List.of(), connection.list(""));
    }

    @Test
    void aKeyNamingADirectoryIsNoObject() {
        connection.write("dir/inside", new ByteArrayInputStream(new byte[] {1}));

        assertFalse(connection.exists("dir"));
        assertTrue(connection.stat("dir").isEmpty());
        assertThrows(BlobNotFoundException.class, () -> connection.read("dir"));
        assertFalse(connection.delete("dir"));
        assertThrows(BlobNotFoundException.class, () -> connection.move("dir", "elsewhere"));
        assertTrue(connection.exists("dir/inside"));
    }

    @Test
    void anObjectIsOfferedAsItsLocalFileAndNothingElseIs() {
        connection.write("blobs/ab/local", new ByteArrayInputStream(new byte[] {1, 2, 3}));

        assertEquals(Optional.of(root.resolve("media/blobs/ab/local")), connection.localFile("blobs/ab/local"));
        assertEquals(Optional.empty(), connection.localFile("blobs/ab/missing"));
        assertEquals(Optional.empty(), connection.localFile("blobs/ab"), "a directory is no object");
        try (MediaConnection memory = MediaDriver.connectionFactory(new FilesystemSpec("m", "memory", Map.of()))
                .getConnection()) {
            memory.write("k", new ByteArrayInputStream(new byte[] {1}));
            assertEquals(Optional.empty(), memory.localFile("k"), "only a local directory has files");
        }
    }

    @Test
    void aFilesystemWithoutRootIsInvalid() {
        InvalidFilesystemException invalid = assertThrows(InvalidFilesystemException.class,
                () -> MediaDriver.connectionFactory(new FilesystemSpec("f", "file", Map.of())));

        assertTrue(invalid.getMessage().contains("root"), invalid.getMessage());
    }

    /** Surefire runs this module with -Xmx128m: 300 MiB can only pass through if it streams. */
    @Test
    void a300MiBObjectStreamsInAndOutThroughASmallHeap() throws IOException, NoSuchAlgorithmException {
        long size = 300 * MIB;
        assertTrue(Runtime.getRuntime().maxMemory() < size, "the heap must be smaller than the object");
        MessageDigest sent = MessageDigest.getInstance("SHA-256");

        long written = connection.write("big", new DigestInputStream(generated(size, 11), sent));

        assertEquals(size, written);
        assertEquals(size, connection.stat("big").orElseThrow().size());
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(connection.read("big"), received)) {
            assertEquals(size, in.transferTo(OutputStream.nullOutputStream()));
        }
        assertArrayEquals(sent.digest(), received.digest());
        try (InputStream tail = connection.read("big", size - MIB, 2 * MIB)) {
            assertEquals(MIB, tail.transferTo(OutputStream.nullOutputStream()));
        }
    }
}
