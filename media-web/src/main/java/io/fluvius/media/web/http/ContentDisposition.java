package io.fluvius.media.web.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** {@code Content-Disposition} (RFC 6266, with RFC 8187 {@code filename*}) in both directions. */
public final class ContentDisposition {

    private ContentDisposition() {
    }

    /**
     * The header for a download under {@code filename}: an ASCII {@code filename} for old clients and
     * the exact name as {@code filename*=UTF-8''…}.
     *
     * @param type {@code attachment} or {@code inline}
     */
    public static String of(String type, String filename) {
        return type + "; filename=\"" + asciiFallback(filename) + "\"; filename*=UTF-8''" + percentEncode(filename);
    }

    /**
     * The file name a request's {@code Content-Disposition} (or a multipart part's) gives, {@code filename*}
     * first, without any directory part a client may have sent along.
     */
    public static Optional<String> filename(String header) {
        var parameters = HeaderParameters.of(header);
        String name = Optional.ofNullable(parameters.get("filename*"))
                .flatMap(ContentDisposition::decodeExtendedValue)
                .orElse(parameters.get("filename"));
        if (name == null) {
            return Optional.empty();
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        return base.isBlank() ? Optional.empty() : Optional.of(base);
    }

    /** The {@code name} parameter of a multipart/form-data part's {@code Content-Disposition}. */
    public static Optional<String> formFieldName(String header) {
        return Optional.ofNullable(HeaderParameters.of(header).get("name"));
    }

    /** RFC 8187 {@code charset'language'pct-encoded}; UTF-8 and ISO-8859-1 only, as the RFC requires. */
    static Optional<String> decodeExtendedValue(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            return Optional.empty();
        }
        Charset charset = switch (value.substring(0, first).trim().toUpperCase(Locale.ROOT)) {
            case "UTF-8" -> StandardCharsets.UTF_8;
            case "ISO-8859-1" -> StandardCharsets.ISO_8859_1;
            default -> null;
        };
        if (charset == null) {
            return Optional.empty();
        }
        String encoded = value.substring(second + 1);
        var bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return Optional.of(bytes.toString(charset));
    }

    /** Printable ASCII without the characters that quoting or old clients get wrong. */
    static String asciiFallback(String filename) {
        var out = new StringBuilder(filename.length());
        filename.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%'
                ? (char) c : '_'));
        return out.toString();
    }

    /** RFC 8187 value-chars: attr-char kept, every other UTF-8 byte as %XX. */
    static String percentEncode(String filename) {
        var out = new StringBuilder();
        for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isAttrChar(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isAttrChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }
}
