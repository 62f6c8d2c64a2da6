package io.fluvius.media.core.storage;

import java.util.UUID;

import io.fluvius.media.core.compress.CompressionMethod;

/**
 * Storage keys. Derived from content or from fresh UUIDs, never from a caller's filename, so that no
 * caller input can shape a path on the backend.
 */
public final class ContentKey {

    /** Where puts write before the hash is known; anything left here is garbage for orphan-gc. */
    public static final String TEMPORARY_PREFIX = "tmp/";

    private ContentKey() {
    }

    /** The key of deduplicated content: one per hash and compression on a filesystem. */
    public static String of(String sha256, CompressionMethod compression) {
        return "sha256/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256 + suffix(compression);
    }

    /** The key of content stored for one entry only (dedup off). */
    public static String unique(UUID entryId, CompressionMethod compression) {
        return "objects/" + entryId + suffix(compression);
    }

    public static String temporary() {
        return TEMPORARY_PREFIX + UUID.randomUUID();
    }

    private static String suffix(CompressionMethod compression) {
        return compression == null ? "" : "." + compression.suffix();
    }
}
