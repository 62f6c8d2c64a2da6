package io.fluvius.media.core.verify;

import java.io.Serializable;
import java.util.UUID;

/**
 * What re-reading one blob of the ledger found.
 *
 * @param blobId    the blob
 * @param outcome   intact, corrupt or missing
 * @param bytesRead stored bytes read to decide it
 * @param detail    what was wrong, for an operator; {@code null} when intact
 */
public record BlobVerification(UUID blobId, Outcome outcome, long bytesRead, String detail) implements Serializable {

    /** How a blob's stored bytes compare with what the ledger recorded. */
    public enum Outcome {
        /** Every block checksum, the length and the whole-content SHA-256 match. */
        INTACT,
        /** The bytes are there but differ from the ledger (a block, the length, the hash, or undecodable). */
        CORRUPT,
        /** The storage has no bytes under the blob's key. */
        MISSING
    }

    public boolean intact() {
        return outcome == Outcome.INTACT;
    }
}
