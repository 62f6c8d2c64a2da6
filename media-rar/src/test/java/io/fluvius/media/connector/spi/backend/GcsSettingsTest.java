package io.fluvius.media.connector.spi.backend;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;

/**
 * Protocol {@code gcs} has no server to test against here (no Google Cloud Storage emulator installs): what is
 * tested is how a definition maps onto the jclouds provider, and that every refusal names the parameter without
 * any part of the key.
 */
class GcsSettingsTest {

    private static final String EMAIL = "media@project-1.iam.gserviceaccount.com";
    private static String privateKey;
    private static String serviceAccount;

    @BeforeAll
    static void makeKey() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(
                generator.generateKeyPair().getPrivate().getEncoded());
        privateKey = "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        serviceAccount = "{\"type\": \"service_account\", \"project_id\": \"project-1\", \"client_email\": \""
                + EMAIL + "\", \"private_key\": \"" + privateKey.replace("\n", "\\n") + "\"}";
    }

    @Test
    void aServiceAccountKeyMapsToTheProvidersIdentityAndCredentialWithTheDefaults() {
        GcsSettings settings = GcsSettings.of(spec(Map.of()));

        assertAll(
                () -> assertEquals("media-bucket", settings.bucket()),
                () -> assertEquals(EMAIL, settings.clientEmail()),
                () -> assertEquals(privateKey, settings.privateKey()),
                () -> assertEquals("https://www.googleapis.com", settings.endpoint().toString()),
                () -> assertEquals(64 * 1024 * 1024, settings.partSize()),
                () -> assertEquals(2, settings.parallelParts()),
                () -> assertEquals(Duration.ofSeconds(10), settings.deadline()),
                () -> assertFalse(settings.toString().contains("PRIVATE KEY"), settings::toString));
    }

    @Test
    void theBoundsAndPartsAreTakenAsGivenAndADeadlineTooShortForThemIsRefused() {
        GcsSettings settings = GcsSettings.of(spec(Map.of("partSize", "16MiB", "parallelParts", "4",
                "connectTimeout", "1s", "readTimeout", "2s", "retries", "2", "deadline", "20s",
                "endpoint", "http://127.0.0.1:4443")));

        assertAll(
                () -> assertEquals(16 * 1024 * 1024, settings.partSize()),
                () -> assertEquals(4, settings.parallelParts()),
                () -> assertEquals(2, settings.retries()),
                () -> assertEquals("http://127.0.0.1:4443", settings.endpoint().toString()));
        assertRefusedNaming("deadline", Map.of("connectTimeout", "5s", "readTimeout", "5s", "deadline", "10s"));
    }

    @Test
    void eachBadParameterIsRefusedByNameWithoutAnyPartOfTheKey() {
        assertRefusedNaming("bucket", Map.of("bucket", "Not_A Bucket"));
        assertRefusedNaming("serviceAccount", Map.of("serviceAccount", "{not json " + privateKey));
        assertRefusedNaming("serviceAccount", Map.of("serviceAccount", serviceAccount.replace("service_account", "user")));
        assertRefusedNaming("serviceAccount", Map.of("serviceAccount", "{\"client_email\": \"" + EMAIL + "\"}"));
        assertRefusedNaming("serviceAccount", Map.of("serviceAccount", serviceAccount.replace("PRIVATE KEY", "CERT")));
        assertRefusedNaming("partSize", Map.of("partSize", "1MiB"));
        assertRefusedNaming("parallelParts", Map.of("parallelParts", "17"));
        assertRefusedNaming("endpoint", Map.of("endpoint", "ftp://storage"));
        var missing = new HashMap<>(spec(Map.of()).params());
        missing.remove("serviceAccount");
        InvalidFilesystemException e = assertThrows(InvalidFilesystemException.class,
                () -> GcsSettings.of(new FilesystemSpec("g", "gcs", missing)));
        assertTrue(e.getMessage().contains("'serviceAccount' is missing"), e.getMessage());
    }

    @Test
    void theProtocolTakesOnlyItsParametersAndOpensWithoutARequest() {
        InvalidFilesystemException unknown = assertThrows(InvalidFilesystemException.class,
                () -> Protocol.of(spec(Map.of("secret", "x"))));
        assertTrue(unknown.getMessage().contains("[secret]"), unknown.getMessage());
        assertEquals(Protocol.GCS, Protocol.of(spec(Map.of())));

        // The provider accepts the definition (its OAuth module takes the PEM key) and nothing goes on the network:
        // the bucket is seen to at first use.
        try (BlobStoreContext context = GcsBackend.context(GcsSettings.of(spec(Map.of())))) {
            assertEquals("google-cloud-storage", context.unwrap().getId());
        }
        try (StorageBackend backend = Protocol.GCS.open(spec(Map.of()))) {
            assertEquals(GcsBackend.class, backend.getClass());
        }
    }

    private static void assertRefusedNaming(String parameter, Map<String, String> params) {
        InvalidFilesystemException e = assertThrows(InvalidFilesystemException.class, () -> GcsSettings.of(spec(params)));
        assertAll(
                () -> assertTrue(e.getMessage().contains("'" + parameter + "'"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("protocol gcs"), e.getMessage()),
                () -> assertFalse(e.getMessage().contains("PRIVATE KEY"), e.getMessage()),
                () -> assertFalse(e.getMessage().contains(privateKey.substring(40, 80)), e.getMessage()));
    }

    private static FilesystemSpec spec(Map<String, String> overrides) {
        Map<String, String> params = new HashMap<>(Map.of("bucket", "media-bucket", "serviceAccount", serviceAccount));
        params.putAll(overrides);
        return new FilesystemSpec("g", "gcs", params);
    }
}
