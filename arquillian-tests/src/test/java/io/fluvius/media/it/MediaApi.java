package io.fluvius.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/**
 * The HTTP API as the tests call it: one client, the documented users, JSON and problem+json checks. Every
 * IT class deploys the built EAR once ({@link #mediaEar()}) and talks to it through an instance of this.
 */
public final class MediaApi {

    /** The management port of the test server (arquillian.xml: offset 100), where /health is served. */
    static final int MANAGEMENT_PORT = 10090;

    /** HTTP/1.1: what curl and most clients speak to this API, and no h2c upgrade in the way of bodies. */
    public final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI webModule;

    /** @param webModule the context root of the EAR's web module, as Arquillian injects it */
    public MediaApi(URL webModule) {
        try {
            this.webModule = webModule.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The EAR exactly as built (media.ear, the name the resource adapter activation expects). */
    static EnterpriseArchive mediaEar() {
        File ear = new File(System.getProperty("media.ear.file", "target/media.ear"));
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }

    /** {@code pathAndQuery} under the API, e.g. {@code files?limit=1}. */
    public URI api(String pathAndQuery) {
        return webModule.resolve("api/" + pathAndQuery);
    }

    /** An address of the server outside the web module, e.g. {@code /openapi}. */
    URI server(String path) {
        return webModule.resolve(path);
    }

    URI management(String path) {
        return URI.create("http://" + webModule.getHost() + ":" + MANAGEMENT_PORT + path);
    }

    /** A request under the API as {@code user}; {@code null} for an anonymous one. */
    public HttpRequest.Builder request(LocalUser user, String pathAndQuery) {
        return as(user, HttpRequest.newBuilder(api(pathAndQuery)));
    }

    public static HttpRequest.Builder as(LocalUser user, HttpRequest.Builder builder) {
        return user == null ? builder : builder.header("Authorization", user.basicAuthorization());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> get(LocalUser user, String pathAndQuery) throws IOException, InterruptedException {
        return send(request(user, pathAndQuery).GET());
    }

    /** A raw upload: the body is the file, the fields are the query. */
    public HttpResponse<String> uploadRaw(LocalUser user, String query, String contentType, byte[] content)
            throws IOException, InterruptedException {
        return send(request(user, "files?" + query).header("Content-Type", contentType)
                .POST(BodyPublishers.ofByteArray(content)));
    }

    /** Uploads raw bytes as the writer and returns the created entry (asserting the 201). */
    public JsonObject upload(String query, byte[] content) throws IOException, InterruptedException {
        HttpResponse<String> created = uploadRaw(LocalUser.WRITER, query, "application/octet-stream", content);
        assertEquals(201, created.statusCode(), created::body);
        return json(created);
    }

    HttpResponse<String> uploadForm(LocalUser user, String query, MultipartBody form)
            throws IOException, InterruptedException {
        return send(request(user, "files" + (query.isEmpty() ? "" : "?" + query))
                .header("Content-Type", form.contentType())
                .POST(form.publisher()));
    }

    /** The entries of one resource, as the reader lists them. */
    public JsonArray entriesOf(String resource) throws IOException, InterruptedException {
        HttpResponse<String> listed = get(LocalUser.READER, "files?limit=1000&resource=" + encode(resource));
        assertEquals(200, listed.statusCode(), listed::body);
        return json(listed).getJsonArray("items");
    }

    public static JsonObject json(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    /** The response is an RFC 9457 problem with this status and the product's stable code. */
    public static JsonObject assertProblem(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response::body);
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("application/problem+json"), "Content-Type of a problem, was " + type);
        JsonObject problem = json(response);
        assertEquals(code, problem.getString("code"), response::body);
        assertEquals(status, problem.getInt("status"));
        assertTrue(problem.containsKey("title") && problem.containsKey("detail"), response::body);
        assertTrue(!response.body().contains("Exception") && !response.body().contains("\tat "),
                "no Java internals in a problem: " + response.body());
        return problem;
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A resource name no other test uses, so that a listing shows exactly what one test stored. */
    public static String uniqueResource(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Text that compresses well, so that a compressed entry is visibly smaller than the original. */
    static byte[] compressibleText(int size) {
        var text = new StringBuilder(size);
        for (int line = 0; text.length() < size; line++) {
            text.append("line ").append(line).append(": the quick brown fox jumps over the lazy dog\n");
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    /** Hashes a stream without holding it in memory, and closes it. */
    static String sha256Hex(InputStream in) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A publisher of {@code length} bytes with that Content-Length, read from a new stream at each send. */
    static BodyPublisher streamed(long length, java.util.function.Supplier<InputStream> content) {
        return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(content), length);
    }
}
