package io.fluvius.media.core.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.FaultPoints;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.storage.Filesystems;

/**
 * Removes what no entry needs: blobs unreferenced for longer than the grace period, and the bytes of
 * writes that never made it into the ledger (a killed or stalled upload, the second copy of content stored
 * twice). Bytes are deleted only after the transaction that took them out of the ledger has committed,
 * so a concurrent put of the same content either referenced the blob first (and it stays) or finds it
 * gone and keeps the bytes it wrote itself: every put writes a fresh key, and no two blobs share one.
 * Works through the ledger a page at a time, so memory stays flat however much garbage there is. Last,
 * each filesystem the driver knows aborts the storage's own uploads (S3 multipart uploads, Swift segments)
 * started before the grace period, and at least {@link #STALE_UPLOAD_AGE} ago, and never completed: the storage
 * cannot tell an upload whose writer died from one still streaming, so a short grace (orphan-gc with
 * {@code grace=0}) must not cut a large upload in progress; a filesystem that fails is counted and logged, and
 * the others are still asked. Runs outside any transaction (the caller sees to it): nothing here waits on
 * storage while holding a row.
 */
public final class GarbageCollector {

    /** The least age of a storage upload that garbage collection aborts, whatever the grace period. */
    public static final Duration STALE_UPLOAD_AGE = Duration.ofHours(24);

    private static final int PAGE = 100;
    private static final System.Logger LOG = System.getLogger(GarbageCollector.class.getName());

    private final BlobLedger ledger;
    private final Filesystems filesystems;

    public GarbageCollector(BlobLedger ledger, Filesystems filesystems) {
        this.ledger = ledger;
        this.filesystems = filesystems;
    }

    /** @param grace how long unreferenced bytes (and expired uploads) are kept; zero collects them at once */
    public GarbageReport collect(Duration grace) {
        if (grace == null || grace.isNegative()) {
            throw new InvalidMediaRequestException("The grace period must be zero or positive, was " + grace);
        }
        Instant now = ledger.now();
        Instant cutoff = now.minus(grace);
        var tally = new Tally();
        // Intents first: a pin that ran out no longer protects its blob, which the second pass may take.
        for (List<StorageIntent> page = ledger.leasedUntil(now, null, PAGE); !page.isEmpty();
             page = ledger.leasedUntil(now, last(page), PAGE)) {
            for (StorageIntent intent : page) {
                ledger.claim(intent.getId(), cutoff).ifPresent(claimed -> {
                    if (claimed.getKind() == StorageIntent.Kind.PIN) {
                        tally.pins++;
                    } else if (delete(claimed)) {
                        tally.uploads++;
                    } else {
                        tally.failures++;
                    }
                });
            }
        }
        for (List<MediaBlob> page = ledger.unreferencedSince(cutoff, null, PAGE); !page.isEmpty();
             page = ledger.unreferencedSince(cutoff, page.get(page.size() - 1).getId(), PAGE)) {
            for (MediaBlob blob : page) {
                ledger.retire(blob.getId(), cutoff).ifPresent(discard -> {
                    FaultPoints.reach(FaultPoints.GC_RETIRED);
                    if (delete(discard)) {
                        tally.blobs++;
                        tally.bytes += blob.getStoredLength();
                    } else {
                        tally.failures++;
                    }
                });
            }
        }
        abortStaleUploads(now.minus(grace.compareTo(STALE_UPLOAD_AGE) > 0 ? grace : STALE_UPLOAD_AGE), tally);
        return new GarbageReport(tally.blobs, tally.bytes, tally.uploads, tally.pins, tally.failures,
                tally.staleUploads);
    }

    private void abortStaleUploads(Instant startedBefore, Tally tally) {
        for (String fsKey : filesystems.knownKeys()) {
            try (MediaConnection connection = filesystems.connect(fsKey)) {
                tally.staleUploads += connection.abortStaleUploads(startedBefore);
            } catch (RuntimeException e) {
                tally.failures++;
                LOG.log(System.Logger.Level.WARNING, "Could not abort the stale uploads of filesystem ''{0}''; the "
                        + "next garbage collection retries: {1}", fsKey, e.getMessage());
            }
        }
    }

    private boolean delete(StorageIntent discard) {
        return DiscardedBytes.delete(filesystems, ledger, discard);
    }

    private static UUID last(List<StorageIntent> page) {
        return page.get(page.size() - 1).getId();
    }

    private static final class Tally {
        long blobs;
        long bytes;
        long uploads;
        long pins;
        long failures;
        long staleUploads;
    }
}
