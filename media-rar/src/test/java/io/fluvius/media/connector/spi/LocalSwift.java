package io.fluvius.media.connector.spi;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.fluvius.media.connector.FilesystemSpec;

/**
 * The Swift the tests run against: the one .ci/swift/start.sh starts (.ci/run does, then sets
 * MEDIA_TEST_SWIFT_URL). Each value may also come from a system property ({@code media.test.swift.url},
 * {@code .user}, {@code .key}); without a URL the Swift tests are skipped and the build says so.
 */
public final class LocalSwift {

    private LocalSwift() {
    }

    /** For {@code @EnabledIf}. */
    public static boolean configured() {
        return url() != null;
    }

    public static String url() {
        return setting("url", null);
    }

    public static String user() {
        return setting("user", "test:tester");
    }

    public static String key() {
        return setting("key", "testing");
    }

    /** A filesystem in a container of its own, so that tests never see each other's keys. */
    public static FilesystemSpec filesystem(String fsKey, Map<String, String> extra) {
        Map<String, String> params = new HashMap<>(Map.of("endpoint", url(), "user", user(), "key", key(),
                "container", "test-" + UUID.randomUUID()));
        params.putAll(extra);
        return new FilesystemSpec(fsKey, "swift", params);
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty("media.test.swift." + name);
        if (value == null || value.isBlank()) {
            value = System.getenv("MEDIA_TEST_SWIFT_" + name.toUpperCase(java.util.Locale.ROOT));
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
