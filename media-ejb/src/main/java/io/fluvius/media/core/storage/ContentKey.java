package io.fluvius.media.core.storage;

import java.util.UUID;

import io.fluvius.media.core.compress.CompressionMethod;

/**
 * Storage keys of new blobs: fresh for every write, never derived from a caller's filename (no caller
 * input shapes a path on the backend) nor from the content (the ledger, not the key, is the dedup index,
 * so no write ever replaces or renames stored bytes). Spread over two levels of directories by the key's
 * first hex digits, so no directory of a local store grows huge.
 */
public final class ContentKey {

    private ContentKey() {
    }

    public static String fresh(CompressionMethod compression) {
        String id = UUID.randomUUID().toString();
        return "blobs/" + id.substring(0, 2) + "/" + id.substring(2, 4) + "/" + id
                + (compression == null ? "" : "." + compression.suffix());
    }
}
