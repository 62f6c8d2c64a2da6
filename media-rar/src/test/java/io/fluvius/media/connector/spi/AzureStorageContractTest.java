package io.fluvius.media.connector.spi;

import static io.fluvius.media.connector.spi.TestStreams.generated;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.connector.StorageUnavailableException;

/** The storage contract on protocol {@code azure}, against Azurite's blob service; each test in its own container. */
class AzureStorageContractTest extends StorageContractTest {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();
    private static final int BLOCK_SIZE = 256 * 1024;

    private static Azurite azurite;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = Azurite.start();
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Override
    FilesystemSpec filesystemUnderTest(Path root) {
        return azure("blobs", Map.of("container", "test-" + CONTAINERS.incrementAndGet(),
                "blockSize", Integer.toString(BLOCK_SIZE)));
    }

    @Override
    FilesystemSpec otherFilesystem(Path root) {
        return new FilesystemSpec(OTHER, "memory", Map.of());
    }

    private static FilesystemSpec azure(String fsKey, Map<String, String> extra) {
        Map<String, String> params = new HashMap<>(Map.of("account", Azurite.ACCOUNT, "key", Azurite.KEY,
                "endpoint", azurite.endpoint()));
        params.putAll(extra);
        return new FilesystemSpec(fsKey, "azure", params);
    }

    @Test
    void aLargeObjectIsWrittenInBlocksAndReadsBackWithTheSameDigest() throws Exception {
        long size = 9L * BLOCK_SIZE + 12_345;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");

        long written = connection.write("large/object", new DigestInputStream(generated(size, 42), sent));

        assertEquals(size, written);
        assertEquals(size, connection.stat("large/object").orElseThrow().size());
        assertArrayEquals(sent.digest(), sha256(connection.read("large/object")));
        assertEquals(List.of("large/object"), connection.list("").stream().map(b -> b.key()).toList());
    }

    @Test
    void aLargeWriteFailingAfterSomeBlocksLeavesThePreviousObjectAndNothingElse() throws IOException {
        byte[] previous = store("k", 1_000);
        byte[] next = TestStreams.randomBytes(4 * BLOCK_SIZE, 11);

        assertThrows(MediaStorageException.class,
                () -> connection.write("k", TestStreams.failingAfter(next, 3 * BLOCK_SIZE + 10)));

        try (InputStream in = connection.read("k")) {
            assertArrayEquals(previous, in.readAllBytes());
        }
        assertEquals(List.of("k"), connection.list("").stream().map(b -> b.key()).toList());
    }

    @Test
    void blocksSentThreeAtATimeRoundTripAndAFailingSourceLeavesThePreviousObject() throws Exception {
        factory.register(azure("parallel", Map.of("container", "test-" + CONTAINERS.incrementAndGet(),
                "blockSize", Integer.toString(BLOCK_SIZE), "parallelBlocks", "3")));
        long size = 12L * BLOCK_SIZE + 5;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (MediaConnection parallel = factory.getConnection("parallel")) {
            assertEquals(size, parallel.write("k", new DigestInputStream(generated(size, 44), sent)));
            byte[] written = sent.digest();
            assertArrayEquals(written, sha256(parallel.read("k")));

            assertThrows(MediaStorageException.class, () -> parallel.write("k",
                    TestStreams.failingAfter(TestStreams.randomBytes(8 * BLOCK_SIZE, 12), 6 * BLOCK_SIZE + 1)));

            assertArrayEquals(written, sha256(parallel.read("k")));
            assertEquals(List.of("k"), parallel.list("").stream().map(b -> b.key()).toList());
        }
    }

    @Test
    void anObjectOfExactlyOneBlockRoundTrips() throws Exception {
        MessageDigest sent = MessageDigest.getInstance("SHA-256");

        assertEquals(BLOCK_SIZE, connection.write("one", new DigestInputStream(generated(BLOCK_SIZE, 7), sent)));

        assertArrayEquals(sent.digest(), sha256(connection.read("one")));
    }

    @Test
    void aRangeAcrossBlocksIsServedByTheStore() throws Exception {
        long size = 3L * BLOCK_SIZE;
        connection.write("ranged", generated(size, 9));
        byte[] whole;
        try (InputStream in = connection.read("ranged")) {
            whole = in.readAllBytes();
        }
        long offset = BLOCK_SIZE - 100;

        try (InputStream in = connection.read("ranged", offset, BLOCK_SIZE + 200)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(whole, (int) offset, (int) offset + BLOCK_SIZE + 200),
                    in.readAllBytes());
        }
    }

    /**
     * One authenticated request at registration: a wrong key never becomes a registered filesystem, and
     * neither key shows in the exception, its causes or anything logged meanwhile (jclouds' wire included).
     */
    @Test
    void aWrongKeyIsRefusedAtRegistrationNamingTheParameterWithoutTheKey() {
        String wrongKey = Base64.getEncoder().encodeToString("not the account's key, but base64".getBytes());

        InvalidFilesystemException refused;
        List<String> logged;
        try (LogCapture log = LogCapture.start()) {
            refused = assertThrows(InvalidFilesystemException.class,
                    () -> factory.register(azure("wrong", Map.of("key", wrongKey))));
            logged = log.lines();
        }

        assertTrue(refused.getMessage().contains("parameter 'key'"), refused.getMessage());
        assertFalse(logged.isEmpty(), "jclouds logged nothing: the capture does not work");
        for (String line : logged) {
            assertFalse(line.contains(wrongKey) || line.contains(Azurite.KEY), line);
        }
        for (Throwable t = refused; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(wrongKey), t.toString());
            assertFalse(String.valueOf(t.getMessage()).contains(Azurite.KEY), t.toString());
        }
        assertFalse(factory.isKnown("wrong"));
    }

    @Test
    void badParametersAreRefusedAtRegistrationNamingThem() {
        Map<String, Map<String, String>> bad = Map.of(
                "key", Map.of("key", "not base64 at all!"),
                "endpoint", Map.of("endpoint", "ftp://127.0.0.1/x"),
                "container", Map.of("container", "No_Such--Name"),
                "retries", Map.of("retries", "many"),
                "deadline", Map.of("deadline", "1s", "connectTimeout", "1s", "readTimeout", "1s"),
                "parallelBlocks", Map.of("parallelBlocks", "0"));
        bad.forEach((parameter, params) -> {
            InvalidFilesystemException refused = assertThrows(InvalidFilesystemException.class,
                    () -> factory.register(azure("bad", params)));
            assertTrue(refused.getMessage().contains("parameter '" + parameter + "'"), refused.getMessage());
            assertFalse(refused.getMessage().contains(Azurite.KEY), refused.getMessage());
        });
    }

    @Test
    void aServerThatNeverAnswersIsUnavailableWithinTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> holdConnections(silent));
            acceptor.setDaemon(true);
            acceptor.start();
            factory.register(azure("silent", Map.of("endpoint", "http://127.0.0.1:" + silent.getLocalPort() + "/"
                    + Azurite.ACCOUNT, "connectTimeout", "300ms", "readTimeout", "500ms", "retries", "1",
                    "deadline", "2s")));
            long start = System.nanoTime();

            assertThrows(StorageUnavailableException.class, () -> {
                try (MediaConnection silentConnection = factory.getConnection("silent")) {
                    silentConnection.exists("x");
                }
            });

            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis < 2_500, "took " + tookMillis + " ms");
        }
    }

    @Test
    void aStoppedServiceIsUnavailableWithinTheDeadlineAndServesAgainWhenBack() throws Exception {
        byte[] data = store("survives", 5_000);
        azurite.stop();
        try {
            long start = System.nanoTime();

            assertThrows(StorageUnavailableException.class, () -> connection.read("survives"));

            assertTrue((System.nanoTime() - start) / 1_000_000 < 10_000);
        } finally {
            azurite.run();
        }
        try (MediaConnection again = factory.getConnection(); InputStream in = again.read("survives")) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void aClosedPortIsUnavailableAtOnce() throws Exception {
        int closed = Azurite.freePort();
        factory.register(azure("closed", Map.of("endpoint", "http://127.0.0.1:" + closed + "/" + Azurite.ACCOUNT)));
        long start = System.nanoTime();

        assertThrows(StorageUnavailableException.class, () -> factory.getConnection("closed").exists("x"));

        assertTrue((System.nanoTime() - start) / 1_000_000 < 10_000);
    }

    /** Accepts connections and reads what comes, answering nothing. */
    private static void holdConnections(ServerSocket server) {
        List<Socket> held = new java.util.ArrayList<>();
        try {
            while (true) {
                Socket socket = server.accept();
                held.add(socket);
            }
        } catch (IOException closed) {
            for (Socket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the test is over
                }
            }
        }
    }

    private static byte[] sha256(InputStream stream) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = stream; OutputStream sink = OutputStream.nullOutputStream()) {
            new DigestInputStream(in, digest).transferTo(sink);
        }
        return digest.digest();
    }
}
