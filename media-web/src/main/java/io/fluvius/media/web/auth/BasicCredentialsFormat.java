package io.fluvius.media.web.auth;

import java.util.regex.Pattern;

/**
 * Whether an {@code Authorization} value offers HTTP BASIC credentials that cannot even be decoded: the scheme
 * {@code Basic} followed by something that is not base64 (RFC 7617, RFC 4648 with padding). The container's BASIC
 * mechanism fails on such a value with an exception (a 500) instead of a challenge; such a value is refused first.
 */
final class BasicCredentialsFormat {

    /** How the container's mechanism recognises BASIC: the prefix, in any case, then the token as it stands. */
    private static final String PREFIX = "basic ";
    /** Base64 with its padding, nothing before or after it (no blank, no URL-safe alphabet). */
    private static final Pattern BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

    private BasicCredentialsFormat() {
    }

    /** {@code true} when {@code authorization} is BASIC and its token is not base64; other schemes are not judged. */
    static boolean isMalformedBasic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        return !BASE64.matcher(authorization.substring(PREFIX.length())).matches();
    }
}
