package io.fluvius.media.core;

import java.io.Serializable;
import java.time.Instant;

/**
 * Which entries a sweep works on: every non-null criterion must hold. {@code createdAfter} and
 * {@code createdBefore} are exclusive bounds.
 */
public record EntrySelection(String resource, String resourceId, String fsKey, Instant createdAfter,
                             Instant createdBefore) implements Serializable {

    public static final EntrySelection ALL = new EntrySelection(null, null, null, null, null);
}
