package io.fluvius.media.connector.spi;

import io.fluvius.media.connector.InvalidKeyException;

/**
 * The rules every key obeys before it reaches a backend: relative, '/'-separated, no empty, "." or ".."
 * segment, no backslash or control character. Together they make it impossible for a key to name
 * anything outside the filesystem's root, whatever the backend does with it.
 */
final class StorageKeys {

    /** The longest key every supported store accepts (S3's limit). */
    static final int MAX_LENGTH = 1024;

    private StorageKeys() {
    }

    /** @throws InvalidKeyException saying which rule {@code key} breaks */
    static String requireValid(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidKeyException(key, "a key is required");
        }
        requireSafeCharacters(key);
        String[] segments = key.split("/", -1);
        for (String segment : segments) {
            requireValidSegment(key, segment);
        }
        return key;
    }

    /**
     * A list prefix is a key cut anywhere: "" (everything), "blobs/" or "blobs/ab" are all fine, but the
     * complete segments before its last '/' obey the key rules.
     */
    static String requireValidPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        requireSafeCharacters(prefix);
        int lastSlash = prefix.lastIndexOf('/');
        if (lastSlash >= 0) {
            for (String segment : prefix.substring(0, lastSlash).split("/", -1)) {
                requireValidSegment(prefix, segment);
            }
        }
        return prefix;
    }

    private static void requireSafeCharacters(String key) {
        if (key.length() > MAX_LENGTH) {
            throw new InvalidKeyException(key.substring(0, 40) + "...", "longer than " + MAX_LENGTH + " characters");
        }
        if (key.startsWith("/")) {
            throw new InvalidKeyException(key, "keys are relative; it must not start with '/'");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                throw new InvalidKeyException(key, "backslashes are not allowed; separate segments with '/'");
            }
            if (Character.isISOControl(c)) {
                throw new InvalidKeyException(printable(key), "control characters (such as NUL) are not allowed");
            }
        }
    }

    private static void requireValidSegment(String key, String segment) {
        if (segment.isEmpty()) {
            throw new InvalidKeyException(key, "empty segment ('//' or a trailing '/')");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new InvalidKeyException(key, "'.' and '..' segments are not allowed");
        }
    }

    /** Control characters would garble a log line; show them as escapes instead. */
    private static String printable(String key) {
        StringBuilder out = new StringBuilder(key.length());
        key.chars().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
