package io.fluvius.media.core.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final byte[] SECRET = "a link key of thirty-two bytes!!".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aSealedSecretOpensWithItsContextAndShowsNoFormOfThePlaintext() {
        var box = new SecretBox(MasterKeys.generated("media-1"));
        String sealed = box.seal(SECRET, "media_link_key:k1");

        assertTrue(sealed.startsWith("aesgcm1:media-1:"), sealed);
        assertArrayEquals(SECRET, box.open(sealed, "media_link_key:k1"));
        for (String form : new String[] {new String(SECRET, StandardCharsets.US_ASCII),
                Base64.getEncoder().encodeToString(SECRET), Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET),
                HexFormat.of().formatHex(SECRET)}) {
            assertFalse(sealed.contains(form), "the sealed value contains " + form);
        }
        assertNotEquals(sealed, box.seal(SECRET, "media_link_key:k1"), "a fresh nonce each time");
    }

    @Test
    void aSecretSealedForOneRowDoesNotOpenForAnother() {
        var box = new SecretBox(MasterKeys.generated("media-1"));
        String sealed = box.seal(SECRET, "media_link_key:k1");

        var e = assertThrows(SecretUnavailableException.class, () -> box.open(sealed, "media_link_key:k2"));
        assertEquals("media.secret-unavailable", e.code());
    }

    @Test
    void anAlteredSealedSecretIsRefused() {
        var box = new SecretBox(MasterKeys.generated("media-1"));
        String sealed = box.seal(SECRET, "c");
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);

        assertThrows(SecretUnavailableException.class, () -> box.open(altered, "c"));
        assertThrows(SecretUnavailableException.class, () -> box.open("plain text", "c"));
    }

    @Test
    void secretsSealedWithAnOlderMasterKeyOpenAfterANewOneBecomesCurrent() {
        MasterKeys first = MasterKeys.generated("media-1");
        String old = new SecretBox(first).seal(SECRET, "c");
        MasterKeys second = MasterKeys.generated("media-2");
        var ring = new MasterKeys(Map.of("media-1", first.current(), "media-2", second.current()), "media-2");
        var box = new SecretBox(ring);

        assertArrayEquals(SECRET, box.open(old, "c"));
        assertTrue(box.seal(SECRET, "c").startsWith("aesgcm1:media-2:"));
    }

    @Test
    void aSecretSealedWithAKeyThisServerLacksSaysWhichKeyIsMissing() {
        String sealed = new SecretBox(MasterKeys.generated("media-9")).seal(SECRET, "c");
        var box = new SecretBox(MasterKeys.generated("media-1"));

        var e = assertThrows(SecretUnavailableException.class, () -> box.open(sealed, "c"));
        assertTrue(e.getMessage().contains("media-9"), e.getMessage());
    }
}
