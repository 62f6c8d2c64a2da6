package io.fluvius.media.connector.spi;

import static io.fluvius.media.connector.spi.TestStreams.failingAfter;
import static io.fluvius.media.connector.spi.TestStreams.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fluvius.media.connector.BlobInfo;
import io.fluvius.media.connector.BlobNotFoundException;
import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidKeyException;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.connector.SourceFailedException;

/**
 * What every protocol promises, through the public API of a non-managed factory (the same code path
 * as in the server, bar the connection manager). One subclass per protocol.
 */
abstract class StorageContractTest {

    static final String OTHER = "other";

    @TempDir
    Path tempDir;

    private MediaManagedConnectionFactory driver;
    MediaConnectionFactory factory;
    MediaConnection connection;

    /** The filesystem under test, rooted (if it has a root) three levels below the temporary directory. */
    abstract FilesystemSpec filesystemUnderTest(Path root);

    /** A filesystem of another protocol, for copies across filesystems. */
    abstract FilesystemSpec otherFilesystem(Path root);

    @BeforeEach
    void openConnection() {
        driver = MediaManagedConnectionFactory.forSpec(filesystemUnderTest(tempDir.resolve("outer/inner/root")));
        factory = driver.createConnectionFactory();
        factory.register(otherFilesystem(tempDir.resolve("other-root")));
        connection = factory.getConnection();
    }

    @AfterEach
    void closeConnection() {
        connection.close();
        driver.close();
    }

    @Test
    void writeThenReadReturnsTheSameBytes() throws IOException {
        byte[] data = randomBytes(1024 * 1024 + 17, 1);

        long written = connection.write("blobs/ab/cdef", new ByteArrayInputStream(data));

        assertEquals(data.length, written);
        try (InputStream in = connection.read("blobs/ab/cdef")) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void writeReplacesWhatWasThere() throws IOException {
        connection.write("k", new ByteArrayInputStream(randomBytes(500, 2)));
        byte[] second = randomBytes(100, 3);

        connection.write("k", new ByteArrayInputStream(second));

        assertArrayEquals(second, readAll("k"));
    }

    @Test
    void writeLeavesTheCallersStreamOpen() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream data = new ByteArrayInputStream(randomBytes(10, 4)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };

        connection.write("k", data);

        assertFalse(closed.get());
    }

    @Test
    void rangeFromTheStartReturnsTheFirstBytes() throws IOException {
        byte[] data = store("r", 10_000);

        assertArrayEquals(Arrays.copyOfRange(data, 0, 100), readRange("r", 0, 100));
    }

    @Test
    void rangeInTheMiddleReturnsExactlyThoseBytes() throws IOException {
        byte[] data = store("r", 10_000);

        assertArrayEquals(Arrays.copyOfRange(data, 4_321, 4_321 + 1_000), readRange("r", 4_321, 1_000));
    }

    @Test
    void rangePastTheEndIsShortened() throws IOException {
        byte[] data = store("r", 10_000);

        assertArrayEquals(Arrays.copyOfRange(data, 9_990, 10_000), readRange("r", 9_990, 500));
        assertArrayEquals(Arrays.copyOfRange(data, 10, 10_000), readRange("r", 10, Long.MAX_VALUE));
    }

    @Test
    void rangeStartingAtOrPastTheEndIsEmpty() throws IOException {
        store("r", 1_000);

        assertEquals(0, readRange("r", 1_000, 10).length);
        assertEquals(0, readRange("r", 5_000, 10).length);
        assertEquals(0, readRange("r", 10, 0).length);
    }

    @Test
    void existsAndStatDescribeAStoredObject() {
        store("dir/object", 1234);

        assertTrue(connection.exists("dir/object"));
        BlobInfo info = connection.stat("dir/object").orElseThrow();
        assertEquals("dir/object", info.key());
        assertEquals(1234, info.size());
        assertTrue(info.lastModified() != null);
    }

    @Test
    void missingObjectDoesNotExistAndHasNoStat() {
        assertFalse(connection.exists("nothing/here"));
        assertEquals(Optional.empty(), connection.stat("nothing/here"));
    }

    @Test
    void deleteRemovesTheObjectAndSaysWhetherThereWasOne() {
        store("d", 10);

        assertTrue(connection.delete("d"));
        assertFalse(connection.exists("d"));
        assertFalse(connection.delete("d"));
    }

    @Test
    void moveReplacesTheTargetAndTheSourceDisappears() throws IOException {
        byte[] published = store("tmp/upload-1", 5_000);
        store("blobs/final", 10);

        connection.move("tmp/upload-1", "blobs/final");

        assertArrayEquals(published, readAll("blobs/final"));
        assertFalse(connection.exists("tmp/upload-1"));
    }

    @Test
    void copyLeavesBothObjects() throws IOException {
        byte[] data = store("a", 3_000);

        connection.copy("a", "b/c");

        assertArrayEquals(data, readAll("a"));
        assertArrayEquals(data, readAll("b/c"));
    }

    @Test
    void copyToStreamsIntoAFilesystemOfAnotherProtocol() throws IOException {
        byte[] data = store("src", 200_000);

        try (MediaConnection other = factory.getConnection(OTHER)) {
            long copied = connection.copyTo("src", other, "copied/src");

            assertEquals(data.length, copied);
            try (InputStream in = other.read("copied/src")) {
                assertArrayEquals(data, in.readAllBytes());
            }
            other.copyTo("copied/src", connection, "back");
        }
        assertArrayEquals(data, readAll("back"));
    }

    @Test
    void listReturnsKeysWithThePrefixInKeyOrder() {
        for (String key : List.of("b/2", "a/1", "b/1", "b10", "c", "b/sub/3")) {
            store(key, key.length());
        }

        assertEquals(List.of("b/1", "b/2", "b/sub/3"), keys(connection.list("b/")));
        assertEquals(List.of("b/1", "b/2", "b/sub/3", "b10"), keys(connection.list("b")));
        assertEquals(List.of("a/1", "b/1", "b/2", "b/sub/3", "b10", "c"), keys(connection.list("")));
        assertEquals("b/sub/3".length(), connection.list("b/sub").get(0).size());
        assertEquals(List.of(), connection.list("zzz"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "/abs", "a//b", "a/./b", "..", "a/..", "a/", "a\\b", "a\u0000b", ""})
    void keysThatCouldEscapeTheRootAreRejected(String key) throws IOException {
        store("inside", 10);
        Set<Path> before = everythingUnder(tempDir);

        for (Consumer<String> use : List.<Consumer<String>>of(
                k -> connection.write(k, new ByteArrayInputStream(new byte[] {1, 2, 3})),
                k -> connection.read(k),
                k -> connection.read(k, 0, 1),
                k -> connection.exists(k),
                k -> connection.stat(k),
                k -> connection.delete(k),
                k -> connection.move("inside", k),
                k -> connection.move(k, "inside2"),
                k -> connection.copy("inside", k),
                k -> connection.copy(k, "inside2"))) {
            assertThrows(InvalidKeyException.class, () -> use.accept(key));
        }
        assertThrows(InvalidKeyException.class, () -> connection.list("../"));

        assertEquals(before, everythingUnder(tempDir));
        assertTrue(connection.exists("inside"));
    }

    @Test
    void missingKeysAreBlobNotFound() {
        assertThrows(BlobNotFoundException.class, () -> connection.read("missing"));
        assertThrows(BlobNotFoundException.class, () -> connection.read("missing", 0, 10));
        assertThrows(BlobNotFoundException.class, () -> connection.read("missing", 0, 0));
        assertThrows(BlobNotFoundException.class, () -> connection.move("missing", "x"));
        assertThrows(BlobNotFoundException.class, () -> connection.copy("missing", "x"));
        try (MediaConnection other = factory.getConnection(OTHER)) {
            assertThrows(BlobNotFoundException.class, () -> connection.copyTo("missing", other, "x"));
            assertFalse(other.exists("x"));
        }
        assertFalse(connection.exists("x"));
    }

    @Test
    void aWriteWhoseSourceFailsLeavesThePreviousObjectAndNothingElse() throws IOException {
        byte[] previous = store("k", 1_000);
        byte[] next = randomBytes(300_000, 5);

        MediaStorageException failure = assertThrows(MediaStorageException.class,
                () -> connection.write("k", failingAfter(next, 100_000)));

        assertInstanceOf(IOException.class, failure.getCause());
        assertArrayEquals(previous, readAll("k"));
        assertEquals(List.of("k"), keys(connection.list("")));
    }

    @Test
    void aWriteWhoseSourceFailsReportsExactlyWhatTheSourceThrew() {
        var sourceFailure = new IllegalStateException("the caller's own limit");
        InputStream failing = new InputStream() {
            private int left = 50_000;

            @Override
            public int read() {
                if (left-- == 0) {
                    throw sourceFailure;
                }
                return 7;
            }
        };

        SourceFailedException failure = assertThrows(SourceFailedException.class, () -> connection.write("k", failing));

        assertSame(sourceFailure, failure.getCause());
        assertFalse(connection.exists("k"));
    }

    @Test
    void aWriteWhoseSourceFailsCreatesNoObject() {
        assertThrows(MediaStorageException.class,
                () -> connection.write("new/key", failingAfter(randomBytes(10_000, 6), 5_000)));

        assertFalse(connection.exists("new/key"));
        assertEquals(List.of(), connection.list(""));
    }

    @Test
    void aClosedConnectionRefusesEveryOperation() {
        store("k", 10);
        connection.close();
        connection.close();

        for (Runnable use : List.<Runnable>of(
                () -> connection.write("k", new ByteArrayInputStream(new byte[1])),
                () -> connection.read("k"),
                () -> connection.read("k", 0, 1),
                () -> connection.exists("k"),
                () -> connection.stat("k"),
                () -> connection.delete("k"),
                () -> connection.move("k", "l"),
                () -> connection.copy("k", "l"),
                () -> connection.copyTo("k", connection, "l"),
                () -> connection.list(""))) {
            MediaStorageException refused = assertThrows(MediaStorageException.class, use::run);
            assertTrue(refused.getMessage().contains("connection is closed"), refused.getMessage());
        }
    }

    byte[] store(String key, int size) {
        byte[] data = randomBytes(size, key.hashCode());
        connection.write(key, new ByteArrayInputStream(data));
        return data;
    }

    private byte[] readAll(String key) throws IOException {
        try (InputStream in = connection.read(key)) {
            return in.readAllBytes();
        }
    }

    private byte[] readRange(String key, long offset, long length) throws IOException {
        try (InputStream in = connection.read(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    private static List<String> keys(List<BlobInfo> infos) {
        return infos.stream().map(BlobInfo::key).toList();
    }

    private static Set<Path> everythingUnder(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.collect(Collectors.toSet());
        }
    }
}
