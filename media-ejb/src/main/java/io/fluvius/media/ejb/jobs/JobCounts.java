package io.fluvius.media.ejb.jobs;

import java.io.Serializable;

/** The product's counts of one chunk (or a whole execution); see {@link JobProgress}. */
public record JobCounts(long bytes, long blobsRemoved, long uploadsRemoved, long pinsExpired, long failures)
        implements Serializable {

    public static final JobCounts NONE = new JobCounts(0, 0, 0, 0, 0);

    public static JobCounts bytes(long bytes) {
        return new JobCounts(bytes, 0, 0, 0, 0);
    }

    public JobCounts plus(JobCounts other) {
        return new JobCounts(bytes + other.bytes, blobsRemoved + other.blobsRemoved,
                uploadsRemoved + other.uploadsRemoved, pinsExpired + other.pinsExpired, failures + other.failures);
    }
}
