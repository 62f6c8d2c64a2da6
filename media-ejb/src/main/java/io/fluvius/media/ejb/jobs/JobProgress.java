package io.fluvius.media.ejb.jobs;

import java.io.Serializable;

/**
 * How far an execution got: the batch runtime's step metrics (items read, written, skipped, filtered, chunks
 * committed) and the product's own counts, kept per chunk in the database.
 *
 * @param bytes          stored bytes the job read (verify-sweep) or removed (orphan-gc)
 * @param blobsRemoved   orphan-gc: unreferenced blobs taken out of the ledger, bytes deleted
 * @param uploadsRemoved orphan-gc: bytes of uploads that never completed, deleted
 * @param pinsExpired    orphan-gc: pins of puts that never completed, dropped
 * @param failures       orphan-gc: bytes that could not be deleted this time
 */
public record JobProgress(long readCount, long writeCount, long skipCount, long filterCount, long commitCount,
                          long bytes, long blobsRemoved, long uploadsRemoved, long pinsExpired, long failures)
        implements Serializable {

    public static final JobProgress NONE = new JobProgress(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
