package io.fluvius.media.fault;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The forms in which a secret could leak: as it is, URL-encoded (form and path style), JSON-escaped, base64 and
 * base64url, lower and upper hex. A secret inside a longer value (a BASIC header's {@code user:secret}) is base64'd at
 * one of three alignments, so each base64 form is the middle of the secret's encoding at that alignment: the groups
 * that hold only the secret's bits, whatever surrounds it. Forms that equal another are listed once.
 */
final class SecretForms {

    private SecretForms() {
    }

    /** Form name → the text to look for. */
    static Map<String, String> of(byte[] secret) {
        Map<String, String> forms = new LinkedHashMap<>();
        String text = new String(secret, StandardCharsets.ISO_8859_1);
        forms.put("text", text);
        forms.put("url-encoded", URLEncoder.encode(new String(secret, StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        forms.put("percent-encoded", URLEncoder.encode(new String(secret, StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                .replace("+", "%20"));
        forms.put("json-escaped", text.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/")
                .replace("\n", "\\n"));
        for (int alignment = 0; alignment < 3; alignment++) {
            byte[] shifted = new byte[alignment + secret.length];
            System.arraycopy(secret, 0, shifted, alignment, secret.length);
            forms.put("base64@" + alignment, middle(Base64.getEncoder().encodeToString(shifted), alignment));
            forms.put("base64url@" + alignment, middle(Base64.getUrlEncoder().encodeToString(shifted), alignment));
        }
        forms.put("hex", HexFormat.of().formatHex(secret));
        forms.put("HEX", HexFormat.of().withUpperCase().formatHex(secret));
        Map<String, String> distinct = new LinkedHashMap<>();
        forms.forEach((name, value) -> {
            if (!distinct.containsValue(value)) {
                distinct.put(name, value);
            }
        });
        return distinct;
    }

    static Map<String, String> of(String secret) {
        return of(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Drops the first group when it mixes in bytes before the secret, and the last one, which may mix in bytes after it. */
    private static String middle(String encoded, int alignment) {
        String trimmed = encoded.replace("=", "");
        int from = alignment == 0 ? 0 : 4;
        int to = trimmed.length() - 4;
        if (to - from < 16) {
            throw new IllegalArgumentException("secret too short to look for in base64: " + Arrays.toString(new int[] {from, to}));
        }
        return trimmed.substring(from, to);
    }
}
