package io.fluvius.media.core.ledger;

import java.io.Serializable;

/**
 * What one garbage collection did.
 *
 * @param blobsRemoved   unreferenced blobs taken out of the ledger, their bytes deleted
 * @param bytesRemoved   the stored bytes of those blobs
 * @param uploadsRemoved bytes of writes that never made it into the ledger (killed or stalled uploads,
 *                       identical content stored twice), deleted
 * @param pinsExpired    pins of puts that never completed, dropped
 * @param failures       bytes that could not be deleted this time (their record stays: the next run retries),
 *                       and filesystems whose stale uploads could not be aborted this time
 * @param staleUploadsAborted uploads of large objects on the storage (S3 multipart uploads, Swift segments)
 *                       started before the grace period and never completed, aborted
 */
public record GarbageReport(long blobsRemoved, long bytesRemoved, long uploadsRemoved, long pinsExpired,
                            long failures, long staleUploadsAborted) implements Serializable {

    /** Whether the run found nothing to do: nothing removed, expired or aborted, and nothing failed. */
    public boolean isEmpty() {
        return blobsRemoved == 0 && bytesRemoved == 0 && uploadsRemoved == 0 && pinsExpired == 0 && failures == 0
                && staleUploadsAborted == 0;
    }
}
