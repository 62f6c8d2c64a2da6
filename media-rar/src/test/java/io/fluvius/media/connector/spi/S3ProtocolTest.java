package io.fluvius.media.connector.spi;

import static io.fluvius.media.connector.spi.TestStreams.generated;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import org.jclouds.Constants;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.io.Payloads;
import org.jclouds.s3.reference.S3Constants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.connector.StorageUnavailableException;

/**
 * What protocol {@code s3} adds to the storage contract, against an S3Proxy of this class's own (it is
 * stopped and started again here): refused credentials, bounded failure, recovery, multipart uploads.
 */
class S3ProtocolTest {

    private static final String WRONG_SECRET = "wrong-secret-7c1d9e";
    private static final int PART = 5 * 1024 * 1024;

    @TempDir
    static Path serverDirectory;
    @TempDir
    Path tempDir;

    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start(serverDirectory);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aWrongSecretIsRefusedAtRegistrationNamingTheParameterNeverTheSecret() {
        List<String> logged;
        try (LogCapture log = LogCapture.start();
                Driver driver = new Driver(new FilesystemSpec("scratch", "memory", Map.of()))) {
            FilesystemSpec wrongSecret = withParams(server.spec("archive", Map.of()), Map.of("secret", WRONG_SECRET));
            FilesystemSpec wrongKey = withParams(server.spec("archive", Map.of()), Map.of("key", "nobody"));

            InvalidFilesystemException secret = assertThrows(InvalidFilesystemException.class,
                    () -> driver.factory.register(wrongSecret));
            InvalidFilesystemException key = assertThrows(InvalidFilesystemException.class,
                    () -> driver.factory.register(wrongKey));

            assertTrue(secret.getMessage().contains("parameter 'secret'"), secret.getMessage());
            assertTrue(key.getMessage().contains("parameter 'key'"), key.getMessage());
            for (InvalidFilesystemException refused : List.of(secret, key)) {
                assertFalse(refused.getMessage().contains(WRONG_SECRET), refused.getMessage());
                assertFalse(refused.getMessage().contains(S3ProxyServer.CREDENTIAL), refused.getMessage());
            }
            assertFalse(driver.factory.isKnown("archive"));
            logged = log.lines();
        }
        assertFalse(logged.isEmpty(), "jclouds logged nothing: the capture does not work");
        for (String line : logged) {
            assertFalse(line.contains(WRONG_SECRET) || line.contains(S3ProxyServer.CREDENTIAL), line);
        }
    }

    @Test
    void badParametersAreRefusedNamingTheParameterNeverAValue() {
        Map<String, Map<String, String>> cases = Map.of(
                "bucket", Map.of("bucket", "Not_A_Bucket"),
                "endpoint", Map.of("endpoint", "ftp://" + WRONG_SECRET),
                "pathStyle", Map.of("pathStyle", WRONG_SECRET),
                "retries", Map.of("retries", "99"),
                "deadline", Map.of("deadline", "1s", "retries", "3"),
                "readTimeout", Map.of("readTimeout", "soon"),
                "partSize", Map.of("partSize", "1MiB"),
                "parallelParts", Map.of("parallelParts", "17"));
        try (Driver driver = new Driver(new FilesystemSpec("scratch", "memory", Map.of()))) {
            cases.forEach((parameter, params) -> {
                InvalidFilesystemException refused = assertThrows(InvalidFilesystemException.class,
                        () -> driver.factory.register(withParams(server.spec("bad", Map.of()), params)));
                assertTrue(refused.getMessage().contains("'" + parameter + "'"), refused.getMessage());
                assertFalse(refused.getMessage().contains(WRONG_SECRET), refused.getMessage());
            });
            for (String required : List.of("bucket", "key", "secret")) {
                Map<String, String> params = new HashMap<>(server.spec("bad", Map.of()).params());
                params.remove(required);
                InvalidFilesystemException refused = assertThrows(InvalidFilesystemException.class,
                        () -> driver.factory.register(new FilesystemSpec("bad", "s3", params)));
                assertTrue(refused.getMessage().contains("'" + required + "'"), refused.getMessage());
                assertFalse(refused.getMessage().contains(S3ProxyServer.CREDENTIAL), refused.getMessage());
            }
        }
    }

    /** 3 parts of 5 MiB (S3's smallest) and a bit: a multipart upload, read back whole and by ranges. */
    @Test
    void aMultipartWriteRoundTripsWithTheSameSha256() throws Exception {
        FilesystemSpec spec = server.spec("archive", Map.of("partSize", "5MiB"));
        long size = 2L * PART + 1_234_567;
        try (Driver driver = new Driver(spec); MediaConnection connection = driver.factory.getConnection()) {
            assertEquals(size, connection.write("big/object", generated(size, 42)));

            assertEquals(sha256(generated(size, 42)), sha256(connection.read("big/object")));
            assertEquals(size, connection.stat("big/object").orElseThrow().size());
            assertTrue(eTag(spec, "big/object").endsWith("-3\""), "not a 3-part upload: " + eTag(spec, "big/object"));
            byte[] whole = generated(size, 42).readAllBytes();
            for (long[] range : new long[][] {{PART - 10, 20}, {2L * PART - 1, 2}, {size - 5, 100}, {0, PART + 1}}) {
                int from = (int) range[0];
                int to = (int) Math.min(size, range[0] + range[1]);
                try (InputStream in = connection.read("big/object", range[0], range[1])) {
                    assertArrayEquals(java.util.Arrays.copyOfRange(whole, from, to), in.readAllBytes());
                }
            }
        }
    }

    /** 5 parts sent up to 3 at a time while the source is read: the object is the source, byte for byte. */
    @Test
    void aMultipartWriteWithThreePartsInParallelRoundTripsWithTheSameSha256() throws Exception {
        FilesystemSpec spec = server.spec("archive", Map.of("partSize", "5MiB", "parallelParts", "3"));
        long size = 4L * PART + 777_777;
        try (Driver driver = new Driver(spec); MediaConnection connection = driver.factory.getConnection()) {
            assertEquals(size, connection.write("big/parallel", generated(size, 43)));

            assertEquals(sha256(generated(size, 43)), sha256(connection.read("big/parallel")));
            assertTrue(eTag(spec, "big/parallel").endsWith("-5\""), "not a 5-part upload: "
                    + eTag(spec, "big/parallel"));
        }
    }

    /**
     * With parts in flight when the source breaks (the fourth part of a parallelParts=3 upload): the upload
     * is aborted once they are done, no multipart upload is left listed, and the key keeps its old object.
     */
    @Test
    void aParallelMultipartWriteWhoseSourceFailsIsAbortedAndLeavesTheOldObject() throws Exception {
        FilesystemSpec spec = server.spec("archive", Map.of("partSize", "5MiB", "parallelParts", "3"));
        try (Driver driver = new Driver(spec); MediaConnection connection = driver.factory.getConnection()) {
            connection.write("k", generated(PART + 10, 1));
            InputStream failing = new SequenceInputStream(generated(3L * PART + 100_000, 2), new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("client went away");
                }
            });

            MediaStorageException failed = assertThrows(MediaStorageException.class, () -> connection.write("k", failing));

            assertTrue(failed.getCause() instanceof IOException && "client went away".equals(failed.getCause().getMessage()),
                    "the cause is the source's failure: " + failed.getCause());
            assertEquals(sha256(generated(PART + 10, 1)), sha256(connection.read("k")));
            try (BlobStoreContext context = jclouds(spec)) {
                assertEquals(List.of(), context.getBlobStore().listMultipartUploads(spec.param("bucket")));
            }
        }
    }

    /**
     * An upload whose writer died between initiating and completing it (initiated here past the driver, one
     * part sent): aborting uploads started before a day ago leaves it, aborting those started before now
     * (plus a second, for the store's clock granularity) takes it; the bucket's objects are untouched.
     */
    @Test
    void staleMultipartUploadsAreAbortedAndRecentOnesAndObjectsAreLeft() throws Exception {
        FilesystemSpec spec = server.spec("archive", Map.of());
        String bucket = spec.param("bucket");
        try (Driver driver = new Driver(spec); MediaConnection connection = driver.factory.getConnection();
                BlobStoreContext context = jclouds(spec)) {
            connection.write("kept", generated(10_000, 8));
            BlobStore store = context.getBlobStore();
            MultipartUpload abandoned = store.initiateMultipartUpload(bucket,
                    store.blobBuilder("abandoned").payload(new byte[0]).build().getMetadata(), PutOptions.NONE);
            store.uploadMultipartPart(abandoned, 1, Payloads.newByteArrayPayload(new byte[1000]));
            assertEquals(1, store.listMultipartUploads(bucket).size());

            assertEquals(0, connection.abortStaleUploads(Instant.now().minus(Duration.ofDays(1))));
            assertEquals(1, store.listMultipartUploads(bucket).size(), "an upload started since was aborted");

            assertEquals(1, connection.abortStaleUploads(Instant.now().plusSeconds(1)));
            assertEquals(List.of(), store.listMultipartUploads(bucket));
            assertEquals(0, connection.abortStaleUploads(Instant.now().plusSeconds(1)), "nothing left to abort");
            assertEquals(sha256(generated(10_000, 8)), sha256(connection.read("kept")));
            assertFalse(connection.exists("abandoned"));
        }
    }

    /**
     * A server killed in the middle of a multipart write leaves the upload (its parts) and no object: deleting the
     * key, as garbage collection does once the write's lease has run out, aborts that upload, however recent, and
     * leaves the uploads of other keys (among them one whose key starts with the deleted one) and other objects.
     */
    @Test
    void deletingAKeyWithoutAnObjectAbortsTheUnfinishedUploadsOfThatKeyOnly() throws Exception {
        FilesystemSpec spec = server.spec("archive", Map.of());
        String bucket = spec.param("bucket");
        try (Driver driver = new Driver(spec); MediaConnection connection = driver.factory.getConnection();
                BlobStoreContext context = jclouds(spec)) {
            connection.write("kept", generated(10_000, 9));
            BlobStore store = context.getBlobStore();
            for (String key : List.of("killed/write", "killed/write-longer", "other")) {
                MultipartUpload cut = store.initiateMultipartUpload(bucket,
                        store.blobBuilder(key).payload(new byte[0]).build().getMetadata(), PutOptions.NONE);
                store.uploadMultipartPart(cut, 1, Payloads.newByteArrayPayload(new byte[1000]));
            }
            assertEquals(3, store.listMultipartUploads(bucket).size());

            assertFalse(connection.delete("killed/write"), "no object was there");

            assertEquals(List.of("killed/write-longer", "other"), store.listMultipartUploads(bucket).stream()
                    .map(MultipartUpload::blobName).sorted().toList());
            assertFalse(connection.delete("absent"), "nothing there, nothing to abort");
            assertTrue(connection.delete("kept"));
            assertEquals(2, store.listMultipartUploads(bucket).size(), "an object's delete aborts nothing");
        }
    }

    /** The edges of the two ways to write: nothing at all (one PUT), and exactly one part (a 1-part upload). */
    @Test
    void anEmptyObjectAndAnObjectOfExactlyOnePartRoundTrip() throws Exception {
        FilesystemSpec spec = server.spec("archive", Map.of("partSize", "5MiB"));
        try (Driver driver = new Driver(spec); MediaConnection connection = driver.factory.getConnection()) {
            assertEquals(0, connection.write("empty", InputStream.nullInputStream()));
            assertEquals(PART, connection.write("one-part", generated(PART, 7)));

            assertEquals(0, connection.stat("empty").orElseThrow().size());
            try (InputStream in = connection.read("empty")) {
                assertEquals(0, in.readAllBytes().length);
            }
            assertEquals(sha256(generated(PART, 7)), sha256(connection.read("one-part")));
        }
    }

    /** The source breaks in the second part: the upload is aborted and the key keeps its earlier bytes. */
    @Test
    void aMultipartWriteWhoseSourceFailsLeavesTheKeyAsItWasAndNoUpload() throws Exception {
        FilesystemSpec spec = server.spec("archive", Map.of("partSize", "5MiB"));
        try (Driver driver = new Driver(spec); MediaConnection connection = driver.factory.getConnection()) {
            connection.write("k", generated(1000, 1));
            InputStream failing = new SequenceInputStream(generated(PART + 100_000, 2), new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("client went away");
                }
            });

            assertThrows(MediaStorageException.class, () -> connection.write("k", failing));

            assertEquals(sha256(generated(1000, 1)), sha256(connection.read("k")));
            try (BlobStoreContext context = jclouds(spec)) {
                assertEquals(List.of(), context.getBlobStore().listMultipartUploads(spec.param("bucket")));
            }
        }
    }

    /**
     * S3Proxy stopped: every call fails as unavailable within the deadline (connection refused); started
     * again, the same registered filesystem serves again, its objects intact.
     */
    @Test
    void aStoppedServerIsUnavailableWithinTheDeadlineAndTheSameFilesystemServesAgainAfterARestart()
            throws Exception {
        int deadline = 3_000;
        FilesystemSpec spec = server.spec("archive", Map.of("deadline", deadline + "ms"));
        try (Driver driver = new Driver(new FilesystemSpec("scratch", "memory", Map.of()))) {
            driver.factory.register(spec);
            try (MediaConnection connection = driver.factory.getConnection("archive")) {
                connection.write("kept", generated(10_000, 3));
            }

            server.stop();
            try {
                for (Consumer<MediaConnection> use : List.<Consumer<MediaConnection>>of(
                        c -> c.read("kept"),
                        c -> c.read("kept", 10, 10),
                        c -> c.exists("kept"),
                        c -> c.stat("kept"),
                        c -> c.write("new", generated(100, 4)),
                        c -> c.list(""),
                        c -> c.copy("kept", "copy"),
                        c -> c.delete("kept"))) {
                    assertUnavailableWithin(deadline, () -> {
                        try (MediaConnection connection = driver.factory.getConnection("archive")) {
                            use.accept(connection);
                        }
                    });
                }
            } finally {
                server.start();
            }

            try (MediaConnection connection = driver.factory.getConnection("archive")) {
                assertEquals(sha256(generated(10_000, 3)), sha256(connection.read("kept")));
                connection.write("new", generated(100, 4));
                assertTrue(connection.exists("new"));
            }
        }
    }

    /**
     * S3Proxy frozen (SIGSTOP) under a filesystem in use: its connections are accepted and never answered;
     * every call fails within the deadline (no probe adds a second wait); thawed, the same filesystem serves.
     */
    @Test
    void aHungServerIsUnavailableWithinTheDeadlineAndServesAgainWhenItAnswers() throws Exception {
        int deadline = 2_000;
        FilesystemSpec spec = server.spec("archive", Map.of("deadline", deadline + "ms"));
        try (Driver driver = new Driver(spec)) {
            try (MediaConnection connection = driver.factory.getConnection()) {
                connection.write("kept", generated(10_000, 5));
            }

            server.signal("STOP");
            try {
                for (Consumer<MediaConnection> use : List.<Consumer<MediaConnection>>of(
                        c -> c.read("kept"),
                        c -> c.exists("kept"),
                        c -> c.write("new", generated(100, 6)),
                        c -> c.list(""))) {
                    assertUnavailableWithin(deadline, () -> {
                        try (MediaConnection connection = driver.factory.getConnection()) {
                            use.accept(connection);
                        }
                    });
                }
            } finally {
                server.signal("CONT");
            }

            try (MediaConnection connection = driver.factory.getConnection()) {
                assertEquals(sha256(generated(10_000, 5)), sha256(connection.read("kept")));
            }
        }
    }

    /** A server that accepts connections and never answers: the read timeout and the deadline end it. */
    @Test
    void aServerThatNeverAnswersIsUnavailableWithinTheDeadline() throws IOException {
        int deadline = 2_000;
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Driver driver = new Driver(new FilesystemSpec("scratch", "memory", Map.of()))) {
            FilesystemSpec spec = withParams(server.spec("silent", Map.of("deadline", deadline + "ms")),
                    Map.of("endpoint", "http://127.0.0.1:" + silent.getLocalPort()));
            // Registration does not fail on an endpoint that does not answer (it may be down for a while).
            long start = System.nanoTime();
            driver.factory.register(spec);
            assertTrue(elapsedMillis(start) < deadline + 1_000, "registration took " + elapsedMillis(start) + " ms");

            assertUnavailableWithin(deadline, () -> {
                try (MediaConnection connection = driver.factory.getConnection("silent")) {
                    connection.exists("k");
                }
            });
        }
    }

    private static void assertUnavailableWithin(int deadlineMillis, Runnable call) {
        long start = System.nanoTime();
        StorageUnavailableException failure = assertThrows(StorageUnavailableException.class, call::run);
        long took = elapsedMillis(start);
        // The deadline bounds the requests; building a fresh jclouds context for the retry is on top.
        assertTrue(took < deadlineMillis + 1_000, "failed after " + took + " ms: " + failure.getMessage());
        assertFalse(failure.getMessage().contains(S3ProxyServer.CREDENTIAL), failure.getMessage());
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static FilesystemSpec withParams(FilesystemSpec spec, Map<String, String> changed) {
        Map<String, String> params = new HashMap<>(spec.params());
        params.putAll(changed);
        return new FilesystemSpec(spec.fsKey(), spec.protocol(), params);
    }

    private static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStreamNull.INSTANCE);
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    private static String eTag(FilesystemSpec spec, String key) {
        try (BlobStoreContext context = jclouds(spec)) {
            return context.getBlobStore().blobMetadata(spec.param("bucket"), key).getETag();
        }
    }

    /** The test's own look at the bucket, past the driver. */
    private static BlobStoreContext jclouds(FilesystemSpec spec) {
        Properties overrides = new Properties();
        overrides.setProperty(S3Constants.PROPERTY_SIGNER_VERSION, "4");
        overrides.setProperty(S3Constants.PROPERTY_S3_VIRTUAL_HOST_BUCKETS, "false");
        overrides.setProperty(Constants.PROPERTY_ENDPOINT, spec.param("endpoint"));
        return ContextBuilder.newBuilder("s3")
                .credentials(spec.param("key"), spec.param("secret"))
                .overrides(overrides)
                .buildView(BlobStoreContext.class);
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    /** A non-managed factory on {@code spec}, closed with its driver. */
    private static final class Driver implements AutoCloseable {
        final MediaManagedConnectionFactory definition;
        final MediaConnectionFactory factory;

        Driver(FilesystemSpec spec) {
            definition = MediaManagedConnectionFactory.forSpec(spec);
            factory = definition.createConnectionFactory();
        }

        @Override
        public void close() {
            definition.close();
        }
    }
}
