package io.fluvius.media.fault;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static io.fluvius.media.it.MediaApi.json;
import static io.fluvius.media.it.MediaApi.randomBytes;
import static io.fluvius.media.it.MediaApi.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.fluvius.media.connector.spi.S3ProxyServer;
import io.fluvius.media.core.secrets.MasterKeys;
import io.fluvius.media.core.secrets.SecretBox;
import io.fluvius.media.it.DatabaseDump;
import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.process.ServerProcess;
import io.fluvius.media.it.process.ServerSpec;

/**
 * Secrets at rest and in flight, from outside the server. Filesystems of every protocol with a secret are
 * registered over HTTP with random secrets: {@code s3} on an S3Proxy that accepts only the random key and secret
 * (put and read back), {@code azure}, {@code swift} and {@code gcs} pointed at a closed port (registration does not
 * need the service to answer; a put on each fails as unavailable). Links are made and the link keys rotated, and a
 * verify-sweep runs over everything. Then every secret (the filesystems' and the link keys', these opened from the
 * database with the master key) is looked for in every form ({@link SecretForms}) in the database (H2's raw file and
 * its SCRIPT), the server log, the console log, every response the test got (headers and body: registrations, puts,
 * every GET of the API, health, metrics) and the management model (recursive read-resource with runtime attributes):
 * no hit. Each place is first shown to hold what it should (a canary), so that an empty place proves nothing.
 * Finally a second server starts on a copy of the database with another master key under the same alias: the
 * {@code s3} entry cannot be read there (500 {@code media.secret-unavailable}, problem+json, no secret), nor can
 * a put go to {@code s3}, and that server's log and answers hold no secret either.
 */
class SecretsIT {

    private static final Duration READY = Duration.ofMinutes(3);
    private static final String RESOURCE = "secrets";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Characters of AWS secret keys, URL-special ones included so that URL-encoding is a form of its own. */
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";

    /** What the test started, closed last first. */
    private static final Deque<AutoCloseable> OPEN = new ArrayDeque<>();

    @AfterAll
    static void stopAll() throws Exception {
        Exception first = null;
        for (AutoCloseable open : OPEN) {
            try {
                open.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Test
    void noSecretIsInTheDatabaseLogsResponsesOrManagementModelAndACopyWithoutTheKeyOpensNoFilesystem() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("s3 key", "FLVK" + random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
        secrets.put("s3 secret", random(40, SECRET_ALPHABET));
        secrets.put("azure key", Base64.getEncoder().encodeToString(secretBytes(64)));
        secrets.put("swift key", random(32, SECRET_ALPHABET));
        String privateKey = Base64.getEncoder().encodeToString(rsaPrivateKey());
        secrets.put("gcs private key", privateKey);

        ServerProcess server = ServerProcess.prepare(ServerSpec.of("secrets", 1100));
        OPEN.push(server);
        S3ProxyServer s3 = S3ProxyServer.start(server.baseDir().resolve("s3proxy"), secrets.get("s3 key"),
                secrets.get("s3 secret"));
        OPEN.push(s3);
        server.start();
        server.awaitReady(READY);
        MediaApi api = new MediaApi(server.webModule());
        List<String> responses = new ArrayList<>();
        int closedPort = 1; // nothing listens there: registrations that need no answer, uses that fail

        // Registered with their secrets, over HTTP, and used.
        String bucket = "secrets-" + random(8, "abcdefghijklmnopqrstuvwxyz");
        register(api, responses, "s3", "s3", Json.createObjectBuilder().add("endpoint", s3.endpoint()).add("bucket", bucket)
                .add("pathStyle", "true").add("key", secrets.get("s3 key")).add("secret", secrets.get("s3 secret")));
        register(api, responses, "azure", "azure", Json.createObjectBuilder().add("account", "fluviussecrets")
                .add("endpoint", "http://127.0.0.1:" + closedPort + "/fluviussecrets").add("key", secrets.get("azure key"))
                .add("deadline", "5s").add("connectTimeout", "500ms").add("readTimeout", "500ms"));
        register(api, responses, "swift", "swift", Json.createObjectBuilder()
                .add("endpoint", "http://127.0.0.1:" + closedPort + "/auth/v1.0").add("user", "fault:tester")
                .add("key", secrets.get("swift key")).add("deadline", "2s"));
        String serviceAccount = Json.createObjectBuilder().add("type", "service_account")
                .add("project_id", "fluvius-secrets").add("private_key_id", random(16, "0123456789abcdef"))
                .add("private_key", pem(privateKey)).add("client_email", "media@fluvius-secrets.iam.gserviceaccount.com")
                .add("client_id", "1").add("token_uri", "http://127.0.0.1:" + closedPort + "/token").build().toString();
        secrets.put("gcs service account", serviceAccount);
        // gcs is not tested against a live service (README): its registration, offline, is recorded, not required.
        HttpResponse<String> gcs = send(api, responses, "gcs", "gcs", Json.createObjectBuilder().add("bucket", bucket)
                .add("endpoint", "http://127.0.0.1:" + closedPort).add("serviceAccount", serviceAccount).add("deadline", "2s"));
        boolean gcsRegistered = gcs.statusCode() == 201;
        if (!gcsRegistered) {
            assertTrue(gcs.statusCode() == 400 || gcs.statusCode() == 503, gcs::body);
            assertProblem(gcs, gcs.statusCode(), json(gcs).getString("code", "-"));
        }

        byte[] content = randomBytes(48 * 1024, 6);
        HttpResponse<String> put = api.uploadRaw(LocalUser.WRITER, "resource=" + RESOURCE + "&fsKey=s3&filename=s.bin",
                "application/octet-stream", content);
        responses.add(text(put));
        assertEquals(201, put.statusCode(), put::body);
        String s3Entry = json(put).getString("id");
        HttpResponse<byte[]> read = api.sendForBytes(api.request(LocalUser.READER, "files/" + s3Entry));
        assertEquals(200, read.statusCode());
        assertEquals(sha256Hex(content), sha256Hex(read.body()), "the s3 entry reads back");
        Map<String, Integer> unavailable = new TreeMap<>();
        for (String fsKey : gcsRegistered ? List.of("azure", "swift", "gcs") : List.of("azure", "swift")) {
            HttpResponse<String> refused = api.uploadRaw(LocalUser.WRITER, "resource=" + RESOURCE + "&fsKey=" + fsKey
                    + "&filename=u.bin", "application/octet-stream", randomBytes(1024, 7));
            responses.add(text(refused));
            assertProblem(refused, 503, "media.filesystem-unavailable");
            unavailable.put(fsKey, refused.statusCode());
        }
        String file = api.upload("resource=" + RESOURCE + "&filename=f.txt", "on the default filesystem".getBytes(StandardCharsets.UTF_8))
                .getString("id");

        // Links signed, the link keys rotated, a sweep over every filesystem.
        responses.add(call(api, LocalUser.READER, "POST", "files/" + file + "/links", 201));
        responses.add(call(api, LocalUser.ADMIN, "POST", "link-keys", 201));
        responses.add(call(api, LocalUser.READER, "POST", "files/" + s3Entry + "/links", 201));
        responses.add(call(api, LocalUser.ADMIN, "POST", "jobs/verify-sweep", 202));
        awaitJobsEnded(api);

        // Every GET of the API and of the management interface's open addresses.
        for (String path : List.of("filesystems", "filesystems/s3", "filesystems/azure", "filesystems/swift",
                gcsRegistered ? "filesystems/gcs" : "filesystems", "files?resource=" + RESOURCE, "files?fsKey=s3", "files/" + s3Entry + "/metadata",
                "files/" + file + "/metadata", "jobs", "link-keys")) {
            responses.add(call(api, path.startsWith("files?") || path.startsWith("files/") ? LocalUser.READER : LocalUser.ADMIN,
                    "GET", path, 200));
        }
        JsonObject jobs = json(api.get(LocalUser.ADMIN, "jobs"));
        for (var job : jobs.getJsonArray("items")) {
            responses.add(call(api, LocalUser.ADMIN, "GET", "jobs/" + job.asJsonObject().getJsonNumber("executionId"), 200));
        }
        for (String path : List.of("/health", "/health/ready", "/health/live", "/metrics", "/prometheus")) {
            HttpResponse<String> answer = api.http.send(HttpRequest.newBuilder(server.managementUri(path)).GET().build(),
                    BodyHandlers.ofString());
            assertTrue(answer.statusCode() < 500 || answer.statusCode() == 503, () -> path + ": " + answer.statusCode());
            responses.add(text(answer));
        }
        String model = ManagementModel.dump(server, "/");
        server.stop();

        // The database, as files and as SQL, once the server is gone; the link keys opened with the master key.
        Path database = server.dataDir().resolve("media/db");
        String rawDatabase = readAll(database);
        MasterKeys masterKeys = MasterKeyFile.read(server.baseDir().resolve("configuration/media-master-key.cs"));
        var box = new SecretBox(masterKeys);
        String script;
        Map<String, byte[]> linkKeys = new TreeMap<>();
        Map<String, String> sealedParams = new TreeMap<>();
        try (Connection h2 = DriverManager.getConnection("jdbc:h2:file:" + database.resolve("media") + ";ACCESS_MODE_DATA=r",
                "sa", "sa"); Statement statement = h2.createStatement()) {
            script = DatabaseDump.of(h2, "media_link_key");
            try (ResultSet rows = statement.executeQuery("SELECT key_id, sealed_secret FROM media_link_key")) {
                while (rows.next()) {
                    linkKeys.put(rows.getString(1), box.open(rows.getString(2), "media_link_key:" + rows.getString(1)));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT fs_key, param_name, param_value FROM media_filesystem_param")) {
                while (rows.next()) {
                    sealedParams.put(rows.getString(1) + "." + rows.getString(2), rows.getString(3));
                }
            }
        }
        assertTrue(linkKeys.size() >= 2, () -> "link keys before and after the rotation: " + linkKeys.keySet());
        // The secrets are there, sealed: each opens to what was registered, with the master key only.
        Map<String, String> paramOf = new TreeMap<>(Map.of("s3 key", "s3.key", "s3 secret", "s3.secret", "azure key",
                "azure.key", "swift key", "swift.key"));
        if (gcsRegistered) {
            paramOf.put("gcs service account", "gcs.serviceAccount");
        }
        paramOf.forEach((secret, param) -> {
            String sealed = sealedParams.get(param);
            assertTrue(sealed != null && sealed.startsWith("aesgcm1:"), () -> param + " is stored sealed: " + sealedParams.keySet());
            String[] fsAndName = param.split("\\.", 2);
            assertEquals(secrets.get(secret), new String(box.open(sealed, "media_filesystem_param:" + fsAndName[0] + ":"
                    + fsAndName[1]), StandardCharsets.UTF_8), param);
        });

        Map<String, byte[]> all = new LinkedHashMap<>();
        secrets.forEach((name, value) -> all.put(name, value.getBytes(StandardCharsets.UTF_8)));
        linkKeys.forEach((id, key) -> all.put("link key " + id, key));
        String serverLog = Files.readString(server.baseDir().resolve("log/server.log"), StandardCharsets.ISO_8859_1);
        String consoleLog = Files.readString(server.consoleLog(), StandardCharsets.ISO_8859_1);
        Map<String, String> places = new LinkedHashMap<>();
        places.put("database files", rawDatabase);
        places.put("database script", script);
        places.put("server log", serverLog);
        places.put("console log", consoleLog);
        places.put("responses", String.join("\n", responses));
        places.put("management model", model);
        // Canaries: each place holds what it is expected to, so that finding nothing there means something.
        assertTrue(rawDatabase.contains(bucket) && rawDatabase.contains("aesgcm1:"), "the raw database holds the registrations");
        assertTrue(script.contains(bucket) && script.contains("aesgcm1:"), "the script holds the registrations");
        assertTrue(serverLog.contains("WFLYSRV0025") && consoleLog.contains("WFLYSRV0025"), "the logs are the server's");
        assertTrue(places.get("responses").contains(bucket) && places.get("responses").contains("media_operations_total"),
                "responses show the s3 filesystem's bucket, and the metrics");
        assertTrue(model.contains("media-master-key") && model.contains("MediaDS"), "the model is the server's");

        List<String> hits = new ArrayList<>();
        long formsLookedFor = 0;
        for (var secret : all.entrySet()) {
            Map<String, String> forms = SecretForms.of(secret.getValue());
            formsLookedFor += forms.size();
            for (var form : forms.entrySet()) {
                for (var place : places.entrySet()) {
                    if (place.getValue().contains(form.getValue())) {
                        hits.add(secret.getKey() + " as " + form.getKey() + " in the " + place.getKey());
                    }
                }
            }
        }
        assertEquals(List.of(), hits, "secrets found");

        // A copy of the database on a server whose master key (same alias) is another: no filesystem opens.
        ServerProcess copy = ServerProcess.prepare(ServerSpec.of("secrets-copy", 1150));
        OPEN.push(copy);
        copyTree(database, copy.dataDir().resolve("media/db"));
        MasterKeyFile.replaceWithAnother(copy.baseDir().resolve("configuration/media-master-key.cs"), masterKeys.currentId());
        copy.start();
        copy.awaitReady(READY);
        MediaApi copied = new MediaApi(copy.webModule());
        List<String> copyResponses = new ArrayList<>();
        HttpResponse<String> sealedRead = copied.send(copied.request(LocalUser.READER, "files/" + s3Entry));
        copyResponses.add(text(sealedRead));
        JsonObject readProblem = assertProblem(sealedRead, 500, "media.secret-unavailable");
        HttpResponse<String> sealedPut = copied.uploadRaw(LocalUser.WRITER, "resource=" + RESOURCE + "&fsKey=s3&filename=c.bin",
                "application/octet-stream", content);
        copyResponses.add(text(sealedPut));
        assertProblem(sealedPut, 500, "media.secret-unavailable");
        HttpResponse<String> link = copied.send(copied.request(LocalUser.READER, "files/" + file + "/links")
                .POST(BodyPublishers.noBody()));
        copyResponses.add(text(link));
        assertProblem(link, 500, "media.secret-unavailable");
        HttpResponse<String> listed = copied.get(LocalUser.ADMIN, "filesystems");
        copyResponses.add(text(listed));
        assertEquals(200, listed.statusCode(), listed::body);
        copyResponses.add(call(copied, LocalUser.ADMIN, "GET", "filesystems/s3", 200));
        copyResponses.add(call(copied, LocalUser.READER, "GET", "files?resource=" + RESOURCE, 200));
        copy.stop();
        Map<String, String> copyPlaces = Map.of("copy's server log",
                Files.readString(copy.baseDir().resolve("log/server.log"), StandardCharsets.ISO_8859_1),
                "copy's console log", Files.readString(copy.consoleLog(), StandardCharsets.ISO_8859_1),
                "copy's responses", String.join("\n", copyResponses));
        for (var secret : all.entrySet()) {
            for (var form : SecretForms.of(secret.getValue()).entrySet()) {
                copyPlaces.forEach((place, text) -> {
                    if (text.contains(form.getValue())) {
                        hits.add(secret.getKey() + " as " + form.getKey() + " in the " + place);
                    }
                });
            }
        }
        assertEquals(List.of(), hits, "secrets found on the server without the key");

        long bytes = places.values().stream().mapToLong(String::length).sum()
                + copyPlaces.values().stream().mapToLong(String::length).sum();
        FaultResults.record("6 secrets",
                "filesystems registered over HTTP with random secrets: s3 (S3Proxy accepting only them; a put and a read),"
                        + " azure and swift (closed port: registration without an answer, a put refused 503), gcs on the"
                        + " closed port too (the outcome of its registration in the figures); 2 links,"
                        + " a link key rotation, a verify-sweep; then a second server on a copy of the H2 database with"
                        + " another master key under the same alias",
                "no secret (" + all.size() + ": the s3 key and secret, the azure key, the swift key, the gcs service account"
                        + " and its private key, " + linkKeys.size() + " link keys) in any form (text, URL- and JSON-encoded, base64 and base64url at 3 alignments,"
                        + " hex) in the database (raw files and SCRIPT), the server and console logs, the responses"
                        + " (headers and bodies) and the management model (read-resource recursive, include-runtime); each"
                        + " secret stored sealed and opening with the master key; on the copy without the key: the s3"
                        + " entry's read and a put on s3 are 500 media.secret-unavailable problem+json, a link is refused"
                        + " the same way, filesystems still list, and no secret in its logs or answers",
                all.size() + " secrets x " + formsLookedFor / all.size() + " forms (avg; " + formsLookedFor + " in all) x "
                        + (places.size() + copyPlaces.size()) + " places; " + bytes / 1024 + " KiB grepped; "
                        + responses.size() + " + " + copyResponses.size() + " responses; puts on unreachable backends: "
                        + unavailable + "; gcs registration offline: " + (gcsRegistered ? "201" : gcs.statusCode() + " "
                        + json(gcs).getString("code", "-")) + "; the copy's read: " + readProblem.getString("code") + "; hits " + hits.size());
    }

    private static void register(MediaApi api, List<String> responses, String fsKey, String protocol,
            JsonObjectBuilder params) throws Exception {
        HttpResponse<String> registered = send(api, responses, fsKey, protocol, params);
        assertEquals(201, registered.statusCode(), () -> fsKey + ": " + registered.body());
    }

    private static HttpResponse<String> send(MediaApi api, List<String> responses, String fsKey, String protocol,
            JsonObjectBuilder params) throws Exception {
        String body = Json.createObjectBuilder().add("fsKey", fsKey).add("protocol", protocol).add("name", fsKey + " with a secret")
                .add("params", params).build().toString();
        HttpResponse<String> registered = api.send(api.request(LocalUser.ADMIN, "filesystems")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(body)));
        responses.add(text(registered));
        return registered;
    }

    private static String call(MediaApi api, LocalUser user, String method, String path, int expected) throws Exception {
        HttpRequest.Builder request = api.request(user, path);
        if (path.startsWith("jobs/")) {
            request = request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString("{}"));
        } else {
            request = request.method(method, BodyPublishers.noBody());
        }
        HttpResponse<String> response = api.send(request);
        assertEquals(expected, response.statusCode(), () -> method + " " + path + ": " + response.body());
        return text(response);
    }

    private static String text(HttpResponse<String> response) {
        return response.uri() + " " + response.statusCode() + "\n" + response.headers().map() + "\n" + response.body();
    }

    private static void awaitJobsEnded(MediaApi api) throws Exception {
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < giveUp) {
            String body = api.get(LocalUser.ADMIN, "jobs").body();
            if (!body.contains("\"STARTING\"") && !body.contains("\"STARTED\"")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the verify-sweep did not end within 30 s");
    }

    private static String random(int length, String alphabet) {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static byte[] secretBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] rsaPrivateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPrivate().getEncoded(); // PKCS#8
    }

    private static String pem(String base64) {
        var pem = new StringBuilder("-----BEGIN PRIVATE KEY-----\n");
        for (int i = 0; i < base64.length(); i += 64) {
            pem.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        return pem.append("-----END PRIVATE KEY-----\n").toString();
    }

    /** Every file under {@code dir}, as text (bytes as ISO-8859-1, so that any byte sequence can be looked for). */
    private static String readAll(Path dir) throws Exception {
        var all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return all.toString();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
