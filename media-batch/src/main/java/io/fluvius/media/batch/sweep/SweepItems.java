package io.fluvius.media.batch.sweep;

import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.sweep.MergeReport;
import io.fluvius.media.ejb.MediaCore;

/**
 * The core operations the sweeps' items call, with the chunk's transaction suspended: bytes never move inside
 * it, and each operation commits its own short transactions (a copy's new entry, a move's switch, a merge's
 * re-points), so that a chunk that rolls back and runs again finds them done and skips them instead of making
 * a second copy or reference. Jobs run it with the identity of the batch thread, after
 * {@link io.fluvius.media.ejb.jobs.MediaJobs} checked the role of whoever started them.
 */
@Stateless
@LocalBean
@PermitAll
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SweepItems {

    @Inject
    MediaCore core;

    /** A copy of the entry on {@code destination}, unless one was made before (by an earlier run, or a chunk that rolled back). */
    public Optional<MediaEntry> copyOnce(UUID entryId, String destination, String compress) {
        MediaInterface media = core.media();
        if (!media.copiesOf(entryId, destination, 1).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(media.copy(entryId, destination, compress));
    }

    /** @see MediaInterface#move */
    public Optional<MediaEntry> move(UUID entryId, String destination, String compress) {
        return core.media().move(entryId, destination, compress);
    }

    /** @see MediaInterface#mergeDuplicates */
    public MergeReport merge(String contentHash) {
        return core.media().mergeDuplicates(contentHash);
    }
}
