package io.fluvius.media.ejb.jobs;

import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * Something a job found about one blob.
 *
 * @param kind     {@code corrupt} or {@code missing} (verify-sweep)
 * @param entryIds the entries that reference the blob (the first 100)
 * @param detail   what exactly, for an operator
 */
public record JobFinding(String kind, UUID blobId, List<UUID> entryIds, String detail) implements Serializable {
}
