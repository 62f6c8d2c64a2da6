package io.fluvius.media.connector.spi.backend;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;

/**
 * Reads one protocol's parameters from a filesystem definition: each refusal names the filesystem, the protocol
 * and the parameter, and says what was expected, never echoing the value (it may be a secret).
 */
final class SpecValues {

    /** Timeouts reach jclouds and the JDK as an {@code int} of milliseconds. */
    static final Duration LONGEST_DURATION = Duration.ofMillis(Integer.MAX_VALUE);

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

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

    /**
     * {@code 10s}, {@code 500ms}, {@code 2m}, ISO-8601 ({@code PT10S}) or a bare number of milliseconds
     * ({@code 2500}); from 1 ms to {@link #LONGEST_DURATION}, which an {@code int} of milliseconds holds.
     */
    Duration duration(String name, Duration fallback) {
        String value = optional(name, null);
        if (value == null) {
            return fallback;
        }
        Duration parsed = null;
        Matcher m = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                parsed = switch (m.group(2) == null ? "ms" : m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    default -> Duration.ofMinutes(n);
                };
            } else {
                parsed = Duration.parse(value);
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            // refused below
        }
        // Less than a millisecond would reach the HTTP client as a timeout of 0, which means none.
        if (parsed == null || parsed.compareTo(Duration.ofMillis(1)) < 0) {
            throw invalid(name, "is not a positive duration such as 10s, 500ms, 2m, PT10S or 2500 (milliseconds)");
        }
        if (parsed.compareTo(LONGEST_DURATION) > 0) {
            throw invalid(name, "is too long: at most " + LONGEST_DURATION.toMillis() + " ms (24.8 days)");
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
