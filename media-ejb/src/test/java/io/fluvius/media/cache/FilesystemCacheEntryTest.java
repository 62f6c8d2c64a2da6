package io.fluvius.media.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.secrets.MasterKeys;
import io.fluvius.media.core.secrets.SecretBox;

class FilesystemCacheEntryTest {

    private static final String SECRET = "azure-account-key-of-the-test-0123456789";

    @Test
    void theCacheHoldsTheSealedRowAndGivesBackARegistrationThatOpens() throws Exception {
        var box = new SecretBox(MasterKeys.generated("test-1"));
        MediaFilesystem row = MediaFilesystem.sealing("blobs", "azure", "Blobs",
                Map.of("account", "devstoreaccount1", "key", SECRET), Instant.parse("2026-12-01T00:00:00Z"), box);

        var entry = CachedFilesystemLookup.Registration.of(Optional.of(row));
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(entry);
        }

        assertTrue(entry.storedParams().get("key").startsWith("aesgcm1:test-1:"));
        assertFalse(new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1).contains(SECRET));
        assertFalse(entry.toString().contains(entry.storedParams().get("key")), entry.toString());
        MediaFilesystem cached = entry.filesystem().orElseThrow();
        assertEquals(SECRET, cached.toSpec(box).param("key"));
        assertEquals(row.getParams(), cached.getParams());
        assertTrue(CachedFilesystemLookup.Registration.of(Optional.empty()).filesystem().isEmpty());
    }
}
