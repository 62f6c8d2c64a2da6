package io.fluvius.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bytes sent to {@code POST /api/files} come back unchanged from {@code GET /api/files/{id}}. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FileRoundTripIT {

    private static final int ONE_MIB = 1 << 20;
    private static final long SEED = 20261124L;

    /** The EAR exactly as built (media.ear, the name the resource adapter activation expects). */
    @Deployment(testable = false)
    static EnterpriseArchive mediaEar() {
        File ear = new File(System.getProperty("media.ear.file", "target/media.ear"));
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }

    /** Context root of the EAR's web module, e.g. http://127.0.0.1:8180/media/. */
    @ArquillianResource
    private URL webModule;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void uploadedBytesDownloadIdentically() throws Exception {
        byte[] content = new byte[ONE_MIB];
        new Random(SEED).nextBytes(content);
        String expectedHash = sha256Hex(content);

        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(api("files?filename=sample.bin"))
                        .header("Authorization", LocalUser.WRITER.basicAuthorization())
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created::body);
        JsonObject entry = parse(created.body());
        assertEquals(expectedHash, entry.getString("filehash"), "filehash of the stored entry");
        String id = entry.getString("id");
        assertFalse(id.isBlank(), "entry id");

        HttpResponse<InputStream> download = http.send(
                HttpRequest.newBuilder(api("files/" + id))
                        .header("Authorization", LocalUser.READER.basicAuthorization()).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, download.statusCode());
        assertEquals(expectedHash, sha256Hex(download.body()), "SHA-256 of the downloaded bytes");
        download.headers().firstValue("ETag")
                .ifPresent(etag -> assertEquals('"' + expectedHash + '"', etag, "ETag"));
    }

    private URI api(String pathAndQuery) throws Exception {
        return webModule.toURI().resolve("api/" + pathAndQuery);
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static String sha256Hex(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Hashes the stream without holding it in memory, and closes it. */
    private static String sha256Hex(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
