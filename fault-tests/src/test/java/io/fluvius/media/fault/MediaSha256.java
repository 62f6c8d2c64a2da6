package io.fluvius.media.fault;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of a small body, for Content-Digest values and expected entity tags. */
final class MediaSha256 {

    private MediaSha256() {
    }

    static byte[] of(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
