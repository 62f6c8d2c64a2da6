package io.fluvius.media.batch.verify;

import java.io.Serializable;
import java.util.UUID;

/** Where verify-sweep stands: the id of the last blob read; a restart continues right after it. */
public record VerifySweepCheckpoint(UUID lastBlobId) implements Serializable {
}
