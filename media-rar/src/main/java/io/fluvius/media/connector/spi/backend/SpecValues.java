package io.fluvius.media.connector.spi.backend;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;

/**
 * Reads one protocol's parameters from a filesystem definition: each refusal names the filesystem, the protocol
 * and the parameter, and says what was expected, never echoing the value (it may be a secret).
 */
final class SpecValues {

    private final FilesystemSpec spec;
    private final String protocol;

    SpecValues(FilesystemSpec spec, String protocol) {
        this.spec = spec;
        this.protocol = protocol;
    }

    String required(String name, String what) {
        String value = spec.param(name);
        if (value == null || value.isBlank()) {
            throw invalid(name, "is missing: " + what);
        }
        return value.trim();
    }

    String optional(String name, String fallback) {
        String value = spec.param(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m} or ISO-8601 ({@code PT10S}); positive. */
    Duration duration(String name, Duration fallback) {
        String value = optional(name, null);
        if (value == null) {
            return fallback;
        }
        String text = value.toLowerCase(Locale.ROOT);
        Duration parsed;
        try {
            if (text.startsWith("pt")) {
                parsed = Duration.parse(text);
            } else if (text.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
            } else if (text.endsWith("s")) {
                parsed = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1).trim()));
            } else if (text.endsWith("m")) {
                parsed = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1).trim()));
            } else {
                parsed = null;
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            parsed = null;
        }
        if (parsed == null || parsed.isNegative() || parsed.isZero() || parsed.toMillis() > Integer.MAX_VALUE) {
            throw invalid(name, "is not a positive duration such as 10s, 500ms or PT10S");
        }
        return parsed;
    }

    int integer(String name, int fallback, int min, int max) {
        String value = optional(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, "must be a whole number from " + min + " to " + max);
    }

    /** Bytes: {@code 8388608}, {@code 64KiB}, {@code 8MiB}; between {@code min} and {@code max}. */
    int size(String name, int fallback, int min, int max) {
        String value = optional(name, null);
        if (value == null) {
            return fallback;
        }
        long factor = 1;
        String number = value;
        if (value.endsWith("KiB")) {
            factor = 1024;
            number = value.substring(0, value.length() - 3);
        } else if (value.endsWith("MiB")) {
            factor = 1024 * 1024;
            number = value.substring(0, value.length() - 3);
        }
        try {
            long parsed = Math.multiplyExact(Long.parseLong(number.trim()), factor);
            if (parsed >= min && parsed <= max) {
                return (int) parsed;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw invalid(name, "must be a size from " + min + " to " + max + " bytes (a number, or with KiB or MiB)");
    }

    /** An http(s) URL without user, query or fragment. */
    URI endpoint(String name, String fallback, String example) {
        String value = optional(name, fallback);
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                    || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                throw invalid(name, "must be an http or https URL without user, query or fragment (" + example + ")");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(name, "is not a URL");
        }
    }

    InvalidFilesystemException invalid(String parameter, String why) {
        return invalid(spec.fsKey(), protocol, parameter, why);
    }

    static InvalidFilesystemException invalid(String fsKey, String protocol, String parameter, String why) {
        return new InvalidFilesystemException("Filesystem '" + fsKey + "' (protocol " + protocol + "): parameter '"
                + parameter + "' " + why);
    }
}
