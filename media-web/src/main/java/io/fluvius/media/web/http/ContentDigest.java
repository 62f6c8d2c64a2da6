package io.fluvius.media.web.http;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import io.fluvius.media.core.InvalidMediaRequestException;

/**
 * {@code Content-Digest} (RFC 9530): a structured-field dictionary such as {@code sha-256=:base64:}.
 * Only sha-256 is verified (it is the hash the product keeps); a header that offers no sha-256 is refused
 * rather than silently not checked.
 */
public final class ContentDigest {

    private static final int SHA256_BYTES = 32;

    private ContentDigest() {
    }

    /**
     * The sha-256 member as lowercase hex; empty when there is no header.
     *
     * @throws InvalidMediaRequestException ({@code media.invalid-digest}) when the header is malformed or
     *                                      carries no sha-256
     */
    public static Optional<String> sha256Hex(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        for (String member : header.split(",")) {
            int equals = member.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String algorithm = member.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            if (algorithm.equals("sha-256")) {
                return Optional.of(HexFormat.of().formatHex(decode(member.substring(equals + 1))));
            }
        }
        throw invalid("Content-Digest must carry a sha-256 member (sha-256=:<base64>:); it was '" + header + "'");
    }

    /** The header value for the given SHA-256 (lowercase hex), as {@code Repr-Digest} of downloads uses it. */
    public static String of(String sha256Hex) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex)) + ":";
    }

    private static byte[] decode(String value) {
        String item = value.trim();
        int parameters = item.indexOf(';'); // parameters of a dictionary member carry nothing we use
        if (parameters >= 0) {
            item = item.substring(0, parameters).trim();
        }
        if (item.length() < 2 || item.charAt(0) != ':' || item.charAt(item.length() - 1) != ':') {
            throw invalid("The sha-256 of Content-Digest must be a byte sequence, :<base64>:");
        }
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(item.substring(1, item.length() - 1));
        } catch (IllegalArgumentException e) {
            throw invalid("The sha-256 of Content-Digest is not valid base64");
        }
        if (digest.length != SHA256_BYTES) {
            throw invalid("The sha-256 of Content-Digest must be 32 bytes, was " + digest.length);
        }
        return digest;
    }

    private static InvalidMediaRequestException invalid(String message) {
        return new InvalidMediaRequestException("media.invalid-digest", message);
    }
}
