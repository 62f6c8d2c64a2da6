package io.fluvius.media.core.sweep;

import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * What merging the duplicates of one content did: blobs whose entries now reference the canonical blob (and
 * that garbage collection removes), the entries re-pointed, the stored bytes those blobs hold, and the blobs
 * that failed verification and so were not made canonical.
 */
public record MergeReport(int blobsMerged, long entriesRepointed, long bytesFreed, List<UUID> corruptBlobs)
        implements Serializable {

    public static final MergeReport NONE = new MergeReport(0, 0, 0, List.of());

    public MergeReport {
        corruptBlobs = List.copyOf(corruptBlobs);
    }

    public boolean isEmpty() {
        return blobsMerged == 0 && corruptBlobs.isEmpty();
    }
}
