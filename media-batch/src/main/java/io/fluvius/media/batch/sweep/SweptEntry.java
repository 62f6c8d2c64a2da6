package io.fluvius.media.batch.sweep;

import java.io.Serializable;
import java.util.UUID;

/** One entry a sweep copied or re-stored, and the bytes it wrote. */
public record SweptEntry(UUID entryId, long bytesWritten) implements Serializable {
}
