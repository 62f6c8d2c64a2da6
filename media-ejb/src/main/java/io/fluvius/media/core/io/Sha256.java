package io.fluvius.media.core.io;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as entries record it ({@code filehash}): lower-case hex. */
public final class Sha256 {

    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {
    }

    /** A fresh digest, e.g. for a {@link java.security.DigestInputStream} over an upload. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256, so this is a broken runtime, not a user error.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Finishes {@code digest} and returns its value in lower-case hex. */
    public static String hex(MessageDigest digest) {
        return hex(digest.digest());
    }

    /** The SHA-256 of {@code content}, in lower-case hex. */
    public static String of(byte[] content) {
        return hex(newDigest().digest(content));
    }

    /** Lower-case hex of a digest value. */
    public static String hex(byte[] digestValue) {
        return HEX.formatHex(digestValue);
    }
}
