package io.fluvius.media.core.ledger;

import io.fluvius.media.core.compress.CompressionMethod;

/**
 * The identity of a content on a filesystem for deduplication: hash, compression and filesystem. The
 * canonical blob of that content carries it, and the database keeps it unique.
 */
public final class DedupKey {

    private DedupKey() {
    }

    public static String of(String fsKey, String sha256, CompressionMethod compression) {
        return sha256 + "." + (compression == null ? "raw" : compression.name()) + "@" + fsKey;
    }
}
