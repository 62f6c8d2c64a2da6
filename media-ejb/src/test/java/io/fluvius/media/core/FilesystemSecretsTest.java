package io.fluvius.media.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.core.records.NullMediaManager;
import io.fluvius.media.core.records.PlainSerialisation;
import io.fluvius.media.core.secrets.MasterKeys;
import io.fluvius.media.core.secrets.SecretBox;
import io.fluvius.media.core.secrets.SecretUnavailableException;
import io.fluvius.media.core.storage.DelegatingDriver;
import io.fluvius.media.core.storage.LocalDriver;

class FilesystemSecretsTest {

    private static final String S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String AZURE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq";

    @TempDir
    Path dataDir;

    private NullMediaManager records;
    private RecordingDriver driver;
    private SecretBox box;

    @BeforeEach
    void start() {
        records = new NullMediaManager();
        driver = new RecordingDriver(LocalDriver.connectionFactory(dataDir, "file"));
        box = new SecretBox(MasterKeys.generated("test-1"));
    }

    private MediaInterface media(SecretBox secrets) {
        var plain = new MediaInterface(MediaSettings.DEFAULTS, records, driver);
        return secrets == null ? plain : plain.withSecrets(secrets);
    }

    private static Map<String, String> s3() {
        return Map.of("endpoint", "http://127.0.0.1:9000", "bucket", "media", "key", "AKIAEXAMPLE",
                "secret", S3_SECRET);
    }

    private static Map<String, String> azure() {
        return Map.of("account", "devstoreaccount1", "key", AZURE_KEY);
    }

    @Test
    void secretParametersAreStoredOnlySealed() {
        var media = media(box);
        media.registerFilesystem("s3-1", "s3", "objects", s3());
        media.registerFilesystem("azure-1", "azure", "blobs", azure());

        Map<String, String> s3Row = records.fetch(MediaFilesystem.class, "s3-1").orElseThrow().storedParams();
        Map<String, String> azureRow = records.fetch(MediaFilesystem.class, "azure-1").orElseThrow().storedParams();
        assertTrue(s3Row.get("secret").startsWith("aesgcm1:test-1:"), "sealed: " + s3Row.get("secret"));
        assertTrue(s3Row.get("key").startsWith("aesgcm1:test-1:"), "the access key id is sealed too");
        assertTrue(azureRow.get("key").startsWith("aesgcm1:test-1:"));
        assertEquals("http://127.0.0.1:9000", s3Row.get("endpoint"), "other parameters stay readable");
        assertNoFormOf(S3_SECRET, s3Row.toString());
        assertNoFormOf(AZURE_KEY, azureRow.toString());
    }

    @Test
    void eachProtocolsSecretParameterIsSecretByName() {
        for (String secret : new String[] {"secret", "key", "password", "serviceAccount", "credential", "sas"}) {
            assertTrue(MediaFilesystem.isSecret(secret), secret);
        }
        for (String plain : new String[] {"bucket", "endpoint", "account", "user", "container", "partSize"}) {
            assertFalse(MediaFilesystem.isSecret(plain), plain);
        }
    }

    @Test
    void theDriverIsHandedThePlainSecret() throws Exception {
        var media = media(box);
        media.registerFilesystem("s3-1", "s3", "objects", s3());

        assertEquals(S3_SECRET, driver.last("s3-1").param("secret"));
        assertEquals("AKIAEXAMPLE", driver.last("s3-1").param("key"));

        // Another server (a fresh driver) opens the stored row when the key is first used.
        var otherNode = new RecordingDriver(LocalDriver.connectionFactory(dataDir, "file"));
        var other = new MediaInterface(MediaSettings.DEFAULTS, records, otherNode).withSecrets(box);
        try (MediaConnection ignored = other.getFilesystem("s3-1")) {
            assertEquals(S3_SECRET, otherNode.last("s3-1").param("secret"));
        }
    }

    @Test
    void aSealedSecretDoesNotOpenUnderAnotherFilesystemsKey() {
        media(box).registerFilesystem("s3-1", "s3", "objects", s3());
        Map<String, String> row = records.fetch(MediaFilesystem.class, "s3-1").orElseThrow().storedParams();
        var moved = new MediaFilesystem("s3-2", "s3", "copied row", row, Instant.now());

        var e = assertThrows(SecretUnavailableException.class, () -> moved.toSpec(box));
        assertEquals("media.secret-unavailable", e.code());
        assertNoFormOf(S3_SECRET, e.getMessage());
    }

    @Test
    void theSerialisedFormCarriesNoSecret() throws Exception {
        MediaFilesystem registered = media(box).registerFilesystem("s3-1", "s3", "objects", s3());
        MediaFilesystem fetched = records.fetch(MediaFilesystem.class, "s3-1").orElseThrow();
        String sealed = fetched.storedParams().get("secret");

        for (MediaFilesystem filesystem : List.of(registered, fetched)) {
            String bytes = new String(serialised(filesystem), StandardCharsets.ISO_8859_1);
            assertNoFormOf(S3_SECRET, bytes);
            assertFalse(bytes.contains(sealed.substring("aesgcm1:test-1:".length())), "nor its sealed form");
            assertFalse(bytes.contains("AKIAEXAMPLE"), "the access key id is left out as well");
            assertTrue(bytes.contains("http://127.0.0.1:9000"), "other parameters travel");
        }
        var copy = (MediaFilesystem) PlainSerialisation.roundTrip(fetched);
        assertEquals(Map.of("endpoint", "http://127.0.0.1:9000", "bucket", "media"), copy.storedParams());
        assertEquals(copy.getParams(), fetched.getParams());
    }

    @Test
    void registeringTheSameDefinitionAgainReturnsTheRegistrationAndAnotherSecretIsRefused() {
        var media = media(box);
        MediaFilesystem first = media.registerFilesystem("s3-1", "s3", "objects", s3());

        assertEquals(first.getCreated(), media.registerFilesystem("s3-1", "s3", "objects", s3()).getCreated());
        var other = new java.util.HashMap<>(s3());
        other.put("secret", "another secret");
        assertThrows(FilesystemExistsException.class, () -> media.registerFilesystem("s3-1", "s3", "objects", other));
    }

    @Test
    void withoutAMasterKeyARegistrationWithSecretsIsRefusedAndNothingStored() {
        var media = media(null);

        var e = assertThrows(SecretUnavailableException.class,
                () -> media.registerFilesystem("s3-1", "s3", "objects", s3()));
        assertEquals("media.secret-unavailable", e.code());
        assertNoFormOf(S3_SECRET, e.getMessage());
        assertTrue(records.fetch(MediaFilesystem.class, "s3-1").isEmpty());
        assertTrue(driver.handed.isEmpty(), "nothing reached the driver");
    }

    @Test
    void withoutAMasterKeyARegistrationWithoutSecretsWorks() {
        var media = media(null);

        media.registerFilesystem("mem-1", "memory", "scratch", Map.of());
        MediaEntry entry = media.put("hello".getBytes(StandardCharsets.UTF_8), PutOptions.named("hello.txt").withFsKey("mem-1"));

        assertEquals("hello", new String(media.get(entry.getId()), StandardCharsets.UTF_8));
    }

    @Test
    void aSealedRowCannotBeOpenedWithoutTheMasterKey() {
        media(box).registerFilesystem("s3-1", "s3", "objects", s3());
        var withoutKey = new MediaInterface(MediaSettings.DEFAULTS, records,
                new RecordingDriver(LocalDriver.connectionFactory(dataDir, "file")));

        assertThrows(SecretUnavailableException.class, () -> withoutKey.getFilesystem("s3-1"));
    }

    @Test
    void aSecretTooLongToStoreSealedIsA400NamingTheParameter() {
        var params = new java.util.HashMap<>(s3());
        params.put("secret", "x".repeat(3500));

        var e = assertThrows(InvalidMediaRequestException.class,
                () -> media(box).registerFilesystem("s3-1", "s3", "objects", params));
        assertTrue(e.getMessage().contains("'secret'"), e.getMessage());
        assertTrue(records.fetch(MediaFilesystem.class, "s3-1").isEmpty());
    }

    @Test
    void aSecretStoredInPlainTextBeforeSealingIsHandedOnAsItIs() {
        records.insert(new MediaFilesystem("legacy", "s3", "old row", s3(), Instant.now()));

        assertEquals(S3_SECRET, records.fetch(MediaFilesystem.class, "legacy").orElseThrow().toSpec(box).param("secret"));
    }

    private static byte[] serialised(MediaFilesystem filesystem) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(filesystem);
        }
        return bytes.toByteArray();
    }

    private static void assertNoFormOf(String secret, String text) {
        byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
        for (String form : List.of(secret, Base64.getEncoder().encodeToString(raw),
                Base64.getUrlEncoder().withoutPadding().encodeToString(raw), HexFormat.of().formatHex(raw),
                HexFormat.of().withUpperCase().formatHex(raw))) {
            assertFalse(text.contains(form), "contains a form of the secret: " + form);
        }
    }

    /**
     * The local driver, recording every spec handed to it; specs of object-store protocols, which it does not
     * serve, it only records (a {@code memory} filesystem stands in under their key).
     */
    private static final class RecordingDriver extends DelegatingDriver {

        private static final long serialVersionUID = 1L;
        final List<FilesystemSpec> handed = new ArrayList<>();

        RecordingDriver(MediaConnectionFactory local) {
            super(local);
        }

        FilesystemSpec last(String fsKey) {
            return handed.stream().filter(s -> s.fsKey().equals(fsKey)).reduce((a, b) -> b).orElseThrow();
        }

        @Override
        public void register(FilesystemSpec spec) throws MediaStorageException {
            handed.add(spec);
            boolean local = "file".equals(spec.protocol()) || "memory".equals(spec.protocol());
            delegate.register(local ? spec : new FilesystemSpec(spec.fsKey(), "memory", Map.of()));
        }
    }
}
