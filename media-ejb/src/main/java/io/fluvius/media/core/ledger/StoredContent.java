package io.fluvius.media.core.ledger;

import java.util.Objects;

import io.fluvius.media.core.compress.CompressionMethod;
import io.fluvius.media.core.io.BlockChecksums;

/**
 * What a blob holds, wherever it lies: the original content (SHA-256, length, CRC32C), how it is stored
 * (compression, stored length) and the checksums of the stored bytes' blocks. A copy of the same bytes on
 * another filesystem has the same description.
 *
 * @param crc32c CRC32C of the original bytes; {@code null} for content recorded before it was
 */
public record StoredContent(String sha256, long length, Long crc32c, CompressionMethod compression,
                            long storedLength, BlockChecksums blocks) {

    public StoredContent {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(blocks, "blocks");
        if (length < 0 || storedLength < 0) {
            throw new IllegalArgumentException("lengths must not be negative");
        }
    }
}
