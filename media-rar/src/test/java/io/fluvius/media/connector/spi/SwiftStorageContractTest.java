package io.fluvius.media.connector.spi;

import static io.fluvius.media.connector.spi.TestStreams.generated;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.fluvius.media.connector.BlobInfo;
import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;
import io.fluvius.media.connector.MediaConnection;

/**
 * The storage contract on protocol {@code swift}, against a real Swift (Debian's, TempAuth; see LocalSwift).
 * Segments of 1 MiB, so that the contract's larger objects are static large objects too.
 */
@EnabledIf("io.fluvius.media.connector.spi.LocalSwift#configured")
class SwiftStorageContractTest extends StorageContractTest {

    private static final int SEGMENT = 1 << 20;

    private FilesystemSpec underTest;

    @Override
    FilesystemSpec filesystemUnderTest(Path root) {
        underTest = LocalSwift.filesystem("swift", Map.of("segmentSize", "1MiB"));
        return underTest;
    }

    @Override
    FilesystemSpec otherFilesystem(Path root) {
        return new FilesystemSpec(OTHER, "memory", Map.of());
    }

    /** The objects a test left go; its empty containers stay in the throw-away Swift. */
    @AfterEach
    void deleteWhatTheTestStored() {
        try (MediaConnection cleanup = factory.getConnection()) {
            for (BlobInfo blob : cleanup.list("")) {
                cleanup.delete(blob.key());
            }
        }
    }

    @Test
    void aLargeObjectIsStoredInSegmentsAndRoundTripsWithItsSha256() throws Exception {
        long size = 5L * SEGMENT + 12_345;
        MessageDigest written = MessageDigest.getInstance("SHA-256");

        long stored = connection.write("big/one", new DigestInputStream(generated(size, 42), written));

        assertEquals(size, stored);
        assertEquals(size, connection.stat("big/one").orElseThrow().size());
        assertEquals(6, segmentCount());
        try (InputStream in = connection.read("big/one")) {
            assertArrayEquals(written.digest(), sha256(in));
        }
        // A range across the boundary of the first and second segments.
        byte[] head = generated(SEGMENT + 100, 42).readNBytes(SEGMENT + 100);
        try (InputStream in = connection.read("big/one", SEGMENT - 100, 200)) {
            assertArrayEquals(Arrays.copyOfRange(head, SEGMENT - 100, SEGMENT + 100), in.readAllBytes());
        }
    }

    @Test
    void segmentsBelongToOneObjectThroughMoveCopyReplaceAndDelete() throws Exception {
        long size = 2L * SEGMENT + 1;
        connection.write("a", generated(size, 7));
        assertEquals(3, segmentCount());

        List<String> written = segmentNames();
        connection.move("a", "b");
        assertFalse(connection.exists("a"));
        assertEquals(written, segmentNames(), "a move hands the segments over, it does not copy them");
        connection.copy("b", "c");
        assertEquals(6, segmentCount());
        byte[] expected = sha256(generated(size, 7));
        for (String key : new String[] {"b", "c"}) {
            try (InputStream in = connection.read(key)) {
                assertArrayEquals(expected, sha256(in));
            }
        }

        connection.write("b", generated(10, 8));
        assertEquals(3, segmentCount());
        assertTrue(connection.delete("c"));
        assertEquals(0, segmentCount());
        assertEquals(10, connection.stat("b").orElseThrow().size());
    }

    /**
     * Two writers that died: one before its manifest (a pending mark and two segments, no manifest), one
     * after it (its mark left beside a published object). Collecting uploads started before a day ago takes
     * nothing; before now, it takes the first one's segments and mark, and only the second one's mark.
     */
    @Test
    void segmentsOfAnUploadWhoseManifestWasNeverWrittenAreDeletedAndPublishedOnesKept() throws Exception {
        long size = 2L * SEGMENT + 5;
        connection.write("published", generated(size, 3));
        List<String> published = segmentNames();
        String upload = published.get(0).substring(0, published.get(0).indexOf('/'));
        String abandoned = UUID.randomUUID().toString();
        try (MediaManagedConnectionFactory driver = MediaManagedConnectionFactory.forSpec(segmentsView());
             MediaConnection view = driver.createConnectionFactory().getConnection()) {
            view.write("pending/" + abandoned, new ByteArrayInputStream("abandoned".getBytes(StandardCharsets.UTF_8)));
            view.write(abandoned + "/00000001", generated(SEGMENT, 4));
            view.write(abandoned + "/00000002", generated(SEGMENT, 5));
            view.write("pending/" + upload, new ByteArrayInputStream("published".getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals(published.size() + 4, segmentCount());

        assertEquals(0, connection.abortStaleUploads(Instant.now().minus(Duration.ofDays(1))));
        assertEquals(published.size() + 4, segmentCount(), "marks and segments of uploads started since stay");

        assertEquals(1, connection.abortStaleUploads(Instant.now().plusSeconds(1)));
        assertEquals(published, segmentNames());
        assertFalse(connection.exists("abandoned"));
        try (InputStream in = connection.read("published")) {
            assertArrayEquals(sha256(generated(size, 3)), sha256(in));
        }
        assertEquals(0, connection.abortStaleUploads(Instant.now().plusSeconds(1)), "nothing left to abort");
    }

    /**
     * A writer died after publishing and left its mark naming the source; the key is then moved. A collection
     * that had read the mark before the move (here: the mark is put back after it, which is what that
     * collection still holds) looks at the source, finds no manifest and deletes the upload's segments: the
     * moved object must not be using them.
     */
    @Test
    void aMovedObjectWhoseWriterLeftItsMarkKeepsItsBytesThroughCollection() throws Exception {
        long size = 2L * SEGMENT + 9;
        connection.write("left-marked", generated(size, 11));
        List<String> written = segmentNames();
        String upload = written.get(0).substring(0, written.get(0).indexOf('/'));
        byte[] mark = "left-marked".getBytes(StandardCharsets.UTF_8);
        try (MediaManagedConnectionFactory driver = MediaManagedConnectionFactory.forSpec(segmentsView());
             MediaConnection view = driver.createConnectionFactory().getConnection()) {
            view.write("pending/" + upload, new ByteArrayInputStream(mark));

            connection.move("left-marked", "moved");

            view.write("pending/" + upload, new ByteArrayInputStream(mark));
        }
        connection.abortStaleUploads(Instant.now().plusSeconds(1));
        try (InputStream in = connection.read("moved")) {
            assertArrayEquals(sha256(generated(size, 11)), sha256(in));
        }
        assertFalse(connection.exists("left-marked"));
        assertTrue(segmentNames().stream().noneMatch(name -> name.startsWith(upload + "/")),
                "the source's segments went with it; the moved object has its own");
    }

    @Test
    void aWrongKeyIsRefusedWithoutRepeatingIt() {
        String wrong = "wrong-" + UUID.randomUUID();
        FilesystemSpec spec = LocalSwift.filesystem("bad", Map.of("key", wrong));

        InvalidFilesystemException refused;
        try (MediaManagedConnectionFactory bad = MediaManagedConnectionFactory.forSpec(spec)) {
            refused = assertThrows(InvalidFilesystemException.class,
                    () -> bad.createConnectionFactory().getConnection().close());
        }

        assertTrue(refused.getMessage().contains("'key'"), refused.getMessage());
        for (Throwable t = refused; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(wrong), t.getMessage());
        }
    }

    /**
     * Registration at run time authenticates: a wrong key is refused there, naming the parameter, never
     * repeating the key (nor logging it, jclouds' wire and headers included), within the deadline, with
     * nothing registered; a Swift that does not answer is not the definition's fault.
     */
    @Test
    void aWrongKeyIsRefusedAtRegistrationAndAnUnreachableSwiftIsNot() throws IOException {
        String wrong = "wrong-" + UUID.randomUUID();

        InvalidFilesystemException refused;
        List<String> logged;
        long start = System.nanoTime();
        try (LogCapture log = LogCapture.start()) {
            refused = assertThrows(InvalidFilesystemException.class,
                    () -> factory.register(LocalSwift.filesystem("bad", Map.of("key", wrong))));
            logged = log.lines();
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        // jclouds alone retries a refused TempAuth key three times, five seconds apart.
        assertTrue(tookMillis < 10_000, "refused after " + tookMillis + " ms, past the default deadline");

        assertTrue(refused.getMessage().contains("'key'"), refused.getMessage());
        assertFalse(logged.isEmpty(), "jclouds logged nothing: the capture does not work");
        for (String line : logged) {
            assertFalse(line.contains(wrong), line);
        }
        for (Throwable t = refused; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(wrong), t.toString());
            assertFalse(String.valueOf(t.getMessage()).contains(LocalSwift.key()), t.toString());
        }
        assertFalse(factory.isKnown("bad"));

        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        factory.register(LocalSwift.filesystem("away", Map.of("endpoint", "http://127.0.0.1:" + closed + "/auth/v1.0")));
        assertTrue(factory.isKnown("away"));
    }

    private long segmentCount() {
        return segmentNames().size();
    }

    /** The segments' container as a filesystem of its own. */
    private FilesystemSpec segmentsView() {
        return LocalSwift.filesystem("segments", Map.of("container", underTest.param("container") + "_segments"));
    }

    /** The segments' container, read as a filesystem of its own. */
    private List<String> segmentNames() {
        try (MediaManagedConnectionFactory driver = MediaManagedConnectionFactory.forSpec(segmentsView());
             MediaConnection view = driver.createConnectionFactory().getConnection()) {
            return view.list("").stream().map(BlobInfo::key).toList();
        }
    }

    private static byte[] sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return digest.digest();
    }
}
