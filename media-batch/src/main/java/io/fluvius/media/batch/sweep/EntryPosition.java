package io.fluvius.media.batch.sweep;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** Where an entry sweep stands: the creation time and id of the last entry read; a restart continues after it. */
public record EntryPosition(Instant created, UUID id) implements Serializable {
}
