package io.fluvius.media.it.process;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static io.fluvius.media.it.MediaApi.encode;
import static io.fluvius.media.it.MediaApi.json;
import static io.fluvius.media.it.MediaApi.randomBytes;
import static io.fluvius.media.it.MediaApi.sha256Hex;
import static io.fluvius.media.it.MediaApi.uniqueResource;
import static io.fluvius.media.it.process.JobCalls.await;
import static io.fluvius.media.it.process.JobCalls.progress;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fluvius.media.connector.spi.Azurite;
import io.fluvius.media.connector.spi.LocalSwift;
import io.fluvius.media.connector.spi.S3ProxyServer;
import io.fluvius.media.ejb.MediaServiceRemote;
import io.fluvius.media.it.DatabaseDump;
import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.RemoteMediaClient;

/**
 * The whole product on object stores (README "Storage protocols"): a server whose default filesystem is {@code s3},
 * chosen by configuration alone, a connection definition of the resource adapter on S3Proxy whose secret is a
 * WildFly encrypted expression ({@code ${ENC::…}}) and {@code media.default-filesystem=s3}. Beside it, Azurite and
 * (when {@code MEDIA_TEST_SWIFT_URL} names one, as {@code .ci/run} does) the local Swift, registered at run time.
 * Puts, ranges, copies across every backend, a {@code bulk-copy move=true} migration from {@code file} under
 * readers, registrations with wrong secrets, an S3 outage and the way back, and where the S3 secret must never
 * show. The methods run in order: the outage comes after the rest, the search for the secret last.
 */
@Tag("server-process")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectStoresIT {

    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    /** The default filesystem's bound on one call: 2 attempts of 1 s connect + 1 s read, and 1 s of back-off, fit in it. */
    private static final Duration DEADLINE = Duration.ofSeconds(6);
    /** What a failing call may take beyond the deadline: the request's own path through the server. */
    private static final Duration SLACK = Duration.ofSeconds(4);
    private static final String BUCKET = "media-default";

    private static TestDatabase database;
    private static S3ProxyServer s3;
    private static Azurite azurite;
    private static ServerProcess server;
    private static MediaApi api;
    /** Every response the test received, to search for the secret at the end. */
    private static final List<String> RESPONSES = new ArrayList<>();

    @BeforeAll
    static void startServers() throws Exception {
        database = TestDatabase.current();
        if (database.isShareable()) {
            database.empty(); // a fresh ledger for fresh storage
        }
        Path stores = Files.createDirectories(ServerSpec.serversDir().resolve("object-stores-" + database.name()));
        s3 = S3ProxyServer.start(stores.resolve("s3proxy"));
        azurite = Azurite.start();
        server = ServerProcess.prepare(ServerSpec.of("objects-" + database.name(), 200)
                .withNodeName("objects-" + database.name())
                .withSystemProperty("media.default-filesystem", "s3"));
        S3DefaultFilesystem.define(server, s3, BUCKET, "pathStyle=true;connectTimeout=1s;readTimeout=1s;retries=1;deadline="
                + DEADLINE.toSeconds() + "s");
        server.start();
        server.awaitReady(READY);
        api = new MediaApi(server.webModule());
    }

    @AfterAll
    static void stopServers() throws Exception {
        try (var stopServer = server; var stopS3 = s3; var stopAzurite = azurite) {
            // closed in reverse order, each whatever the others do
        }
    }

    @Test
    @Order(1)
    void putsAndRangeReadsLandOnS3AsTheDefaultFilesystem() throws Exception {
        byte[] content = randomBytes(12 * 1024 * 1024 + 321, 1); // more than one 8 MiB part
        JsonObject entry = upload("filename=large.bin&resource=" + encode(uniqueResource("s3-default")), content);
        assertEquals("s3", entry.getString("fsKey"), entry::toString);
        assertEquals(sha256Hex(content), entry.getString("filehash"));

        HttpResponse<byte[]> whole = api.sendForBytes(api.request(LocalUser.READER, "files/" + entry.getString("id")).GET());
        assertEquals(200, whole.statusCode());
        assertEquals(sha256Hex(content), sha256Hex(whole.body()));
        HttpResponse<byte[]> range = api.sendForBytes(api.request(LocalUser.READER, "files/" + entry.getString("id"))
                .header("Range", "bytes=8388600-8388700").GET());
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(content, 8_388_600, 8_388_701), range.body(), "a range across parts");
        HttpResponse<byte[]> tail = api.sendForBytes(api.request(LocalUser.READER, "files/" + entry.getString("id"))
                .header("Range", "bytes=-100").GET());
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(content, content.length - 100, content.length), tail.body());

        assertTrue(storedObjects(BUCKET) >= 1, "the bytes lie in S3Proxy's bucket " + BUCKET);
        Path fileRoot = server.dataDir().resolve("media/files");
        if (Files.exists(fileRoot)) {
            try (Stream<Path> local = Files.walk(fileRoot)) {
                assertEquals(0, local.filter(Files::isRegularFile).count(), "nothing stored on filesystem file");
            }
        }
    }

    @Test
    @Order(2)
    void aCopyFromFileThroughS3AzureAndSwiftKeepsHashMimeTypeAndMetadata() throws Exception {
        List<String> chain = new ArrayList<>(List.of("file", "s3"));
        register("azure", "azure", Json.createObjectBuilder().add("account", Azurite.ACCOUNT).add("key", Azurite.KEY)
                .add("endpoint", azurite.endpoint()).add("container", "media-copies"));
        chain.add("azure");
        if (LocalSwift.configured()) {
            register("swift", "swift", Json.createObjectBuilder().add("endpoint", LocalSwift.url())
                    .add("user", LocalSwift.user()).add("key", LocalSwift.key()).add("container", "media-copies"));
            chain.add("swift");
        } else {
            System.out.println("ObjectStoresIT: no MEDIA_TEST_SWIFT_URL, the copy chain ends at azure");
        }
        byte[] content = ("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>chain</text></svg>\n".repeat(50))
                .getBytes(StandardCharsets.UTF_8);
        String metadata = "{\"owner\":\"ops\",\"tier\":\"gold\"}";
        JsonObject original = upload("fsKey=file&filename=chain.svg&resource=chain&resourceId=42&metadata="
                + encode(metadata), content);
        JsonObject previous = original;
        for (String fsKey : chain.subList(1, chain.size())) {
            HttpResponse<String> copied = send(api.request(LocalUser.WRITER, "files/" + previous.getString("id")
                    + "/copy?fsKey=" + fsKey).POST(BodyPublishers.noBody()));
            assertEquals(201, copied.statusCode(), copied::body);
            JsonObject copy = json(copied);
            assertAll("copy on " + fsKey,
                    () -> assertEquals(fsKey, copy.getString("fsKey")),
                    () -> assertEquals(original.getString("filehash"), copy.getString("filehash")),
                    () -> assertEquals(original.getString("filemime"), copy.getString("filemime")),
                    () -> assertEquals(original.getString("filename"), copy.getString("filename")),
                    () -> assertEquals(original.get("length"), copy.get("length")),
                    () -> assertEquals(original.getString("resource"), copy.getString("resource")),
                    () -> assertEquals(original.getString("resourceId"), copy.getString("resourceId")),
                    () -> assertEquals(original.get("metadata"), copy.get("metadata")));
            HttpResponse<byte[]> read = api.sendForBytes(api.request(LocalUser.READER, "files/" + copy.getString("id")).GET());
            assertEquals(200, read.statusCode());
            assertArrayEquals(content, read.body(), "the bytes read back from " + fsKey);
            previous = copy;
        }
        assertEquals("image/svg+xml", original.getString("filemime"));
        System.out.println("ObjectStoresIT [" + database.name() + "]: copied " + String.join(" -> ", chain));
    }

    @Test
    @Order(3)
    void aBulkCopyMoveFromFileToS3KeepsEveryEntryReadableThroughout() throws Exception {
        String resource = uniqueResource("migration");
        Map<String, String> sha256ById = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            byte[] content = randomBytes(20_000 + i * 1_000, 100 + i);
            sha256ById.put(upload("fsKey=file&filename=m" + i + ".bin&resource=" + resource, content).getString("id"),
                    sha256Hex(content));
        }
        var failures = new ConcurrentLinkedQueue<String>();
        var reads = new AtomicInteger();
        var reading = new AtomicBoolean(true);
        Thread readers = new Thread(() -> {
            while (reading.get()) {
                for (var expected : sha256ById.entrySet()) {
                    try {
                        HttpResponse<byte[]> read = api.sendForBytes(api.request(LocalUser.READER,
                                "files/" + expected.getKey()).GET());
                        reads.incrementAndGet();
                        if (read.statusCode() != 200 || !expected.getValue().equals(sha256Hex(read.body()))) {
                            failures.add(expected.getKey() + ": " + read.statusCode() + " "
                                    + new String(read.body(), 0, Math.min(300, read.body().length), StandardCharsets.UTF_8));
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.add(expected.getKey() + ": " + e);
                    }
                }
            }
        }, "migration-readers");
        readers.start();
        long id = JobCalls.start(api, "bulk-copy", Json.createObjectBuilder().add("destination", "s3")
                .add("move", true).add("resource", resource).add("chunkSize", 4).build().toString());
        JsonObject done = await(api, id, JOB_TIMEOUT, JobCalls::ended);
        Thread.sleep(500); // a last round of reads after the switch
        reading.set(false);
        readers.join(TimeUnit.MINUTES.toMillis(1));

        assertEquals("COMPLETED", done.getString("status"), done::toString);
        assertEquals(sha256ById.size(), progress(done, "writeCount"), done::toString);
        var listed = api.entriesOf(resource);
        assertAll(
                () -> assertEquals(List.of(), List.copyOf(failures), "reads that failed during the migration"),
                () -> assertTrue(reads.get() >= sha256ById.size(), "reads during the migration: " + reads),
                () -> assertEquals(sha256ById.size(), listed.size()),
                () -> assertTrue(listed.stream().allMatch(e -> "s3".equals(e.asJsonObject().getString("fsKey"))),
                        "every entry lies on s3: " + listed));
        for (var expected : sha256ById.entrySet()) {
            HttpResponse<byte[]> read = api.sendForBytes(api.request(LocalUser.READER, "files/" + expected.getKey()).GET());
            assertEquals(expected.getValue(), sha256Hex(read.body()), expected.getKey());
        }
        System.out.println("ObjectStoresIT [" + database.name() + "]: bulk-copy move=true of " + sha256ById.size()
                + " entries file -> s3 under " + reads + " reads, none failed");
    }

    @Test
    @Order(4)
    void aWrongS3SecretOrAzureKeyIsA400NamingTheParameterWithoutTheValue() throws Exception {
        String wrongSecret = "wrong-secret-" + Long.toHexString(System.nanoTime());
        HttpResponse<String> s3Refused = registration("bad-s3", "s3", Json.createObjectBuilder()
                .add("endpoint", s3.endpoint()).add("bucket", "media-bad").add("pathStyle", "true")
                .add("key", S3ProxyServer.IDENTITY).add("secret", wrongSecret));
        String wrongKey = Base64.getEncoder().encodeToString(randomBytes(64, 7));
        HttpResponse<String> azureRefused = registration("bad-azure", "azure", Json.createObjectBuilder()
                .add("account", Azurite.ACCOUNT).add("key", wrongKey).add("endpoint", azurite.endpoint())
                .add("container", "media-bad"));
        String log = serverLogs();
        assertAll(
                () -> assertProblem(s3Refused, 400, "media.invalid-filesystem"),
                () -> assertTrue(s3Refused.body().contains("secret"), "names the parameter: " + s3Refused.body()),
                () -> assertFalse(s3Refused.body().contains(wrongSecret), s3Refused.body()),
                () -> assertProblem(azureRefused, 400, "media.invalid-filesystem"),
                () -> assertTrue(azureRefused.body().contains("key"), "names the parameter: " + azureRefused.body()),
                () -> assertFalse(azureRefused.body().contains(wrongKey), azureRefused.body()),
                () -> assertFalse(log.contains(wrongSecret), "the wrong S3 secret is in the server log"),
                () -> assertFalse(log.contains(wrongKey), "the wrong Azure key is in the server log"),
                () -> assertEquals(404, api.get(LocalUser.ADMIN, "filesystems/bad-s3").statusCode()),
                () -> assertEquals(404, api.get(LocalUser.ADMIN, "filesystems/bad-azure").statusCode()));
    }

    @Test
    @Order(5)
    void anS3OutageOrFreezeIsA503WithinTheDeadlineAndTheSameFilesystemServesAgainWhenS3IsBack() throws Exception {
        String resource = uniqueResource("outage");
        byte[] before = randomBytes(100_000, 11);
        String stored = upload("filename=before.bin&resource=" + resource, before).getString("id");

        s3.stop();
        long began = System.nanoTime();
        HttpResponse<String> put = send(api.request(LocalUser.WRITER, "files?filename=during.bin&resource=" + resource)
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(randomBytes(100_000, 12))));
        Duration putTook = Duration.ofNanos(System.nanoTime() - began);
        began = System.nanoTime();
        HttpResponse<String> get = send(api.request(LocalUser.READER, "files/" + stored).GET());
        Duration getTook = Duration.ofNanos(System.nanoTime() - began);
        int listedDuringOutage = api.entriesOf(resource).size();

        s3.start();
        s3.signal("STOP"); // frozen: connections are accepted, nothing answers
        HttpResponse<String> frozen;
        began = System.nanoTime();
        try {
            frozen = send(api.request(LocalUser.READER, "files/" + stored).GET());
        } finally {
            s3.signal("CONT");
        }
        Duration frozenTook = Duration.ofNanos(System.nanoTime() - began);
        HttpResponse<byte[]> readAgain = api.sendForBytes(api.request(LocalUser.READER, "files/" + stored).GET());
        JsonObject after = upload("filename=after.bin&resource=" + resource, randomBytes(100_000, 13));
        System.out.printf("ObjectStoresIT [%s]: S3Proxy stopped: put 503 in %d ms, get 503 in %d ms; frozen: get 503"
                + " in %d ms (deadline %d s); served again once back, without restarting WildFly%n", database.name(),
                putTook.toMillis(), getTook.toMillis(), frozenTook.toMillis(), DEADLINE.toSeconds());
        assertAll(
                () -> assertProblem(put, 503, "media.filesystem-unavailable"),
                () -> assertProblem(get, 503, "media.filesystem-unavailable"),
                () -> assertTrue(putTook.compareTo(DEADLINE.plus(SLACK)) < 0, "the put failed after " + putTook),
                () -> assertTrue(getTook.compareTo(DEADLINE.plus(SLACK)) < 0, "the get failed after " + getTook),
                () -> assertEquals(1, listedDuringOutage, "no entry of the failed put"),
                () -> assertProblem(frozen, 503, "media.filesystem-unavailable"),
                () -> assertTrue(frozenTook.compareTo(DEADLINE.plus(SLACK)) < 0, "the frozen get took " + frozenTook),
                () -> assertEquals(200, readAgain.statusCode()),
                () -> assertArrayEquals(before, readAgain.body()),
                () -> assertEquals("s3", after.getString("fsKey")),
                () -> assertEquals(2, api.entriesOf(resource).size(), "before and after, nothing of the failed put"));
    }

    /**
     * After the default {@code s3} filesystem came from an encrypted expression and another was registered over HTTP
     * with the same secret, no form of the secret (text, base64, base64url, hex) is in any response the test got, in
     * what the remote EJB view returns, in the resource adapter's management model, in the server's files
     * (configuration, log, H2 database) or in a dump of PostgreSQL.
     */
    @Test
    @Order(6)
    void theS3SecretIsNowhereAUserOrAnOperatorCanRead() throws Exception {
        HttpResponse<String> registered = registration("s3-registered", "s3", Json.createObjectBuilder()
                .add("endpoint", s3.endpoint()).add("bucket", "media-registered").add("pathStyle", "true")
                .add("key", S3ProxyServer.IDENTITY).add("secret", S3ProxyServer.CREDENTIAL));
        assertEquals(201, registered.statusCode(), registered::body);
        JsonObject stored = upload("fsKey=s3-registered&filename=r.bin", randomBytes(1000, 21));
        assertEquals("s3-registered", stored.getString("fsKey"));
        send(api.request(LocalUser.ADMIN, "filesystems").GET());
        send(api.request(LocalUser.ADMIN, "filesystems/s3-registered").GET());
        send(api.request(LocalUser.ADMIN, "filesystems/s3").GET());

        var remote = new RemoteMediaClient(URI.create("remote+http://127.0.0.1:" + server.spec().httpPort()),
                LocalUser.ADMIN.name, LocalUser.ADMIN.password, "SCRAM-SHA-256");
        var remoteView = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(remoteView)) {
            out.writeObject(new ArrayList<>(remote.call(MediaServiceRemote::listFilesystems)));
        }
        String remoteBytes = remoteView.toString(StandardCharsets.ISO_8859_1);
        assertTrue(remoteBytes.contains("s3-registered"), "the remote view lists the registered filesystem");

        String model = S3DefaultFilesystem.cli(server, "/subsystem=resource-adapters:read-resource(recursive=true, include-runtime=true)",
                "/deployment=media.ear:read-resource(recursive=true, include-runtime=true)");
        assertTrue(model.contains("ENC::"), "the connection definition holds an encrypted expression: " + model);
        String postgresql = database.isShareable() ? postgresqlDump() : "";
        server.stop(); // H2 writes its file out; the log is complete
        Map<String, String> places = new LinkedHashMap<>();
        places.put("an HTTP response", String.join("\n", RESPONSES));
        places.put("the remote EJB view", remoteBytes);
        places.put("the management model", model);
        places.put("the PostgreSQL dump", postgresql);
        try (Stream<Path> files = Files.walk(server.baseDir())) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                places.put(server.baseDir().relativize(file).toString(),
                        new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(places.keySet().stream().anyMatch(p -> p.endsWith("server.log")), places.keySet()::toString);
        List<String> found = new ArrayList<>();
        for (var form : forms(S3ProxyServer.CREDENTIAL.getBytes(StandardCharsets.UTF_8)).entrySet()) {
            for (var place : places.entrySet()) {
                if (place.getValue().contains(form.getValue())) {
                    found.add(form.getKey() + " in " + place.getKey());
                }
            }
        }
        assertEquals(List.of(), found, "the S3 secret, as " + found);
        server.start(); // leaves the server as @AfterAll expects it
    }

    private static void register(String fsKey, String protocol, JsonObjectBuilder params) throws Exception {
        HttpResponse<String> registered = registration(fsKey, protocol, params);
        assertEquals(201, registered.statusCode(), registered::body);
    }

    private static HttpResponse<String> registration(String fsKey, String protocol, JsonObjectBuilder params)
            throws Exception {
        return send(api.request(LocalUser.ADMIN, "filesystems").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(Json.createObjectBuilder().add("fsKey", fsKey).add("protocol", protocol)
                        .add("name", fsKey).add("params", params).build().toString())));
    }

    private static JsonObject upload(String query, byte[] content) throws Exception {
        HttpResponse<String> created = send(api.request(LocalUser.WRITER, "files?" + query)
                .header("Content-Type", "application/octet-stream").POST(BodyPublishers.ofByteArray(content)));
        assertEquals(201, created.statusCode(), created::body);
        return json(created);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = api.send(request);
        synchronized (RESPONSES) {
            RESPONSES.add(response.headers().map() + "\n" + response.body());
        }
        return response;
    }

    private static String serverLogs() throws IOException {
        return Files.readString(server.consoleLog(), StandardCharsets.ISO_8859_1)
                + Files.readString(server.baseDir().resolve("log/server.log"), StandardCharsets.ISO_8859_1);
    }

    private static long storedObjects(String bucket) throws IOException {
        Path data = ServerSpec.serversDir().resolve("object-stores-" + database.name()).resolve("s3proxy/data");
        try (Stream<Path> files = Files.walk(data.resolve(bucket))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** Every row of every table of the application, as text. */
    private static String postgresqlDump() throws Exception {
        try (Connection connection = database.connect()) {
            String dump = DatabaseDump.of(connection, "media_filesystem");
            assertTrue(dump.contains("aesgcm1:"), "the registered secret is stored sealed");
            return dump;
        }
    }

    private static Map<String, String> forms(byte[] secret) {
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("text", new String(secret, StandardCharsets.ISO_8859_1));
        forms.put("base64", Base64.getEncoder().withoutPadding().encodeToString(secret));
        forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        forms.put("hex", HexFormat.of().formatHex(secret));
        forms.put("HEX", HexFormat.of().withUpperCase().formatHex(secret));
        return forms;
    }
}
