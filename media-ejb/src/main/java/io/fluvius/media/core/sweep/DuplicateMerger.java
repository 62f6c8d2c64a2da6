package io.fluvius.media.core.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.ledger.BlobLedger;
import io.fluvius.media.core.ledger.DedupKey;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.records.RecordQuery;
import io.fluvius.media.core.verify.BlobVerifier;

/**
 * Merges the blobs of one content that lie on one filesystem with one compression into one (dedup-sweep).
 * The blob that survives is the content's canonical one when it has one, else the most referenced: read back
 * and verified first, so that a merge never trades intact bytes for corrupt ones. Each entry of the others is
 * re-pointed at it in a transaction of its own ({@link BlobLedger#repoint}); the others, left without
 * references, are garbage collection's. Nothing here holds a transaction while it reads bytes.
 */
public final class DuplicateMerger {

    /** The most blobs of one content looked at in one merge; a sweep that meets more merges the rest next time. */
    private static final int MAX_BLOBS = RecordQuery.MAX_LIMIT;
    /** Entries re-pointed per page of the entries of one blob. */
    private static final int ENTRY_PAGE = 500;
    /** A blob whose entries keep coming back (same-filesystem copies made meanwhile) is left for the next sweep. */
    private static final int MAX_ENTRY_PAGES = 1000;

    private final MediaManager manager;
    private final BlobLedger ledger;
    private final BlobVerifier verifier;

    public DuplicateMerger(MediaManager manager, BlobLedger ledger, BlobVerifier verifier) {
        this.manager = manager;
        this.ledger = ledger;
        this.verifier = verifier;
    }

    /** Merges every group of duplicates of {@code contentHash}; with no transaction open. */
    public MergeReport merge(String contentHash) {
        List<MediaBlob> blobs = manager.query(MediaBlob.class,
                new RecordQuery(Map.of("contentHash", contentHash), MAX_BLOBS, 0));
        var groups = new LinkedHashMap<String, List<MediaBlob>>();
        for (MediaBlob blob : blobs) {
            groups.computeIfAbsent(DedupKey.of(blob.getFsKey(), contentHash, blob.getCompress()), k -> new ArrayList<>())
                    .add(blob);
        }
        int merged = 0;
        long repointed = 0;
        long freed = 0;
        var corrupt = new ArrayList<UUID>();
        for (var group : groups.entrySet()) {
            if (group.getValue().size() < 2) {
                continue;
            }
            Optional<MediaBlob> canonical = survivor(group.getKey(), group.getValue(), corrupt);
            if (canonical.isEmpty()) {
                continue;
            }
            for (MediaBlob duplicate : group.getValue()) {
                if (duplicate.getId().equals(canonical.get().getId())) {
                    continue;
                }
                long moved = repointAll(duplicate, canonical.get(), group.getKey());
                if (moved > 0 || duplicate.getRefCount() == 0) {
                    merged++;
                    repointed += moved;
                    freed += duplicate.getStoredLength();
                }
            }
        }
        return new MergeReport(merged, repointed, freed, corrupt);
    }

    /**
     * The blob the group merges into: the content's canonical blob when it exists (and is intact), else the
     * most referenced intact one, made canonical. Empty when the canonical blob is corrupt (a sweep must not
     * re-point entries at it, nor replace it while it owns the dedup key) or no blob is intact.
     */
    private Optional<MediaBlob> survivor(String dedupKey, List<MediaBlob> group, List<UUID> corrupt) {
        var candidates = new ArrayList<>(group);
        candidates.sort(Comparator.comparing((MediaBlob b) -> !dedupKey.equals(b.getDedupKey()))
                .thenComparing(Comparator.comparingLong(MediaBlob::getRefCount).reversed())
                .thenComparing(MediaBlob::getCreated)
                .thenComparing(MediaBlob::getId));
        for (MediaBlob candidate : candidates) {
            if (candidate.getRefCount() == 0 && candidate.getDedupKey() == null) {
                continue; // garbage collection's already
            }
            if (!verifier.verify(candidate).intact()) {
                corrupt.add(candidate.getId());
                if (dedupKey.equals(candidate.getDedupKey())) {
                    return Optional.empty();
                }
                continue;
            }
            Optional<MediaBlob> canonical = ledger.makeCanonical(candidate.getId(), dedupKey);
            if (canonical.isPresent() && !canonical.get().getId().equals(candidate.getId())
                    && !verifier.verify(canonical.get()).intact()) {
                corrupt.add(canonical.get().getId()); // became canonical meanwhile, and is not sound
                return Optional.empty();
            }
            if (canonical.isPresent()) {
                return canonical;
            }
        }
        return Optional.empty();
    }

    /** Re-points every entry of {@code duplicate} at {@code canonical}, one transaction each. */
    private long repointAll(MediaBlob duplicate, MediaBlob canonical, String dedupKey) {
        long moved = 0;
        for (int page = 0; page < MAX_ENTRY_PAGES; page++) {
            List<UUID> entries = manager.query(MediaEntry.class,
                    new RecordQuery(Map.of("blobId", duplicate.getId()), ENTRY_PAGE, 0)).stream()
                    .map(MediaEntry::getId).toList();
            if (entries.isEmpty()) {
                break;
            }
            long before = moved;
            for (UUID entry : entries) {
                if (ledger.repoint(entry, duplicate.getId(), canonical.getId(), dedupKey).isPresent()) {
                    moved++;
                }
            }
            if (moved == before) {
                break; // the canonical blob went, or the entries keep moving: the next sweep sees
            }
        }
        return moved;
    }
}
