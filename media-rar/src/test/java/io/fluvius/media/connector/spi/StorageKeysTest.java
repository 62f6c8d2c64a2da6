package io.fluvius.media.connector.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fluvius.media.connector.InvalidKeyException;

class StorageKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "blobs/ab/cdef0123", "tmp/1b4e28ba-2fa1-11d2-883f-0016d3cca427", "..a", "a/.b", "a..b/c",
            "dir/file.txt", "ünïcödé/名前"})
    void ordinaryRelativeKeysAreAccepted(String key) {
        assertEquals(key, StorageKeys.requireValid(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "..", "a/../b", ".", "./a", "a/./b", "/abs", "a//b", "a/", "a\\b",
            "..\\x", "a\u0000b", "a\nb", ""})
    void keysThatCouldEscapeOrConfuseAreRejected(String key) {
        assertThrows(InvalidKeyException.class, () -> StorageKeys.requireValid(key));
    }

    @Test
    void aNullKeyIsRejected() {
        assertThrows(InvalidKeyException.class, () -> StorageKeys.requireValid(null));
    }

    @Test
    void anOverlongKeyIsRejected() {
        assertThrows(InvalidKeyException.class, () -> StorageKeys.requireValid("k".repeat(StorageKeys.MAX_LENGTH + 1)));
    }

    @Test
    void theMessageSaysWhichRuleIsBroken() {
        InvalidKeyException rejected = assertThrows(InvalidKeyException.class, () -> StorageKeys.requireValid("a/../b"));

        assertTrue(rejected.getMessage().contains("'..'"), rejected.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "b", "b/", "blobs/a", "a/..", "a/."})
    void prefixesMayEndAnywhere(String prefix) {
        assertEquals(prefix, StorageKeys.requireValidPrefix(prefix));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../", "a/../b", "/a", "a//b", "a\\b"})
    void prefixesFollowTheKeyRulesUpToTheirLastSlash(String prefix) {
        assertThrows(InvalidKeyException.class, () -> StorageKeys.requireValidPrefix(prefix));
    }
}
