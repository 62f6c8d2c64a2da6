package io.fluvius.media.core.links;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A download link's proof: which file, until when, signed with which link key, and the signature. Anyone who
 * holds it may read that one file until it expires; it grants nothing else. As a URL it is
 * {@code /api/links/<fileId>?expires=<epoch seconds>&key=<key id>&signature=<base64url HMAC-SHA256>}.
 *
 * @param fileId    the entry the link reads
 * @param expires   when it stops working, whole seconds
 * @param keyId     the link key that signed it
 * @param signature base64url (no padding) HMAC-SHA256 of {@link #signedText()}
 */
public record SignedLink(UUID fileId, Instant expires, String keyId, String signature) implements Serializable {

    public SignedLink {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(expires, "expires");
    }

    /** What the signature covers: a version, the file, the expiry and the key, one per line. */
    String signedText() {
        return "fluvius-link-v1\n" + fileId + "\n" + expires.getEpochSecond() + "\n" + keyId;
    }

    /** The query string of the link's URL (every value URL-safe as it is). */
    public String query() {
        return "expires=" + expires.getEpochSecond() + "&key=" + keyId + "&signature=" + signature;
    }

    /**
     * A link as its URL carries it, values unchecked (the signature check judges them).
     *
     * @throws LinkRefusedException when a part is missing or not a number where one is expected
     */
    public static SignedLink of(UUID fileId, String expires, String keyId, String signature) {
        if (expires == null || keyId == null || signature == null) {
            throw LinkRefusedException.invalid("the link lacks expires, key or signature");
        }
        try {
            return new SignedLink(fileId, Instant.ofEpochSecond(Long.parseLong(expires)), keyId, signature);
        } catch (RuntimeException e) {
            throw LinkRefusedException.invalid("the link's expiry is not a number of seconds");
        }
    }
}
