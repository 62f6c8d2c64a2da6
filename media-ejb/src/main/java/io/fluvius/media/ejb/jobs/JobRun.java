package io.fluvius.media.ejb.jobs;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The product's counts of one execution (table {@code media_job_run}). */
@Entity
@Table(name = "media_job_run")
public class JobRun {

    @Id
    @Column(name = "execution_id")
    private long executionId;
    @Column(name = "instance_id", nullable = false)
    private long instanceId;
    @Column(name = "job_name", nullable = false, length = 64)
    private String jobName;
    @Column(nullable = false)
    private long bytes;
    @Column(name = "blobs_removed", nullable = false)
    private long blobsRemoved;
    @Column(name = "uploads_removed", nullable = false)
    private long uploadsRemoved;
    @Column(name = "pins_expired", nullable = false)
    private long pinsExpired;
    @Column(nullable = false)
    private long failures;
    @Column(nullable = false)
    private Instant updated;

    /** For JPA only. */
    protected JobRun() {
    }

    JobRun(long executionId, long instanceId, String jobName, Instant now) {
        this.executionId = executionId;
        this.instanceId = instanceId;
        this.jobName = jobName;
        this.updated = now;
    }

    void add(JobCounts delta, Instant now) {
        bytes += delta.bytes();
        blobsRemoved += delta.blobsRemoved();
        uploadsRemoved += delta.uploadsRemoved();
        pinsExpired += delta.pinsExpired();
        failures += delta.failures();
        updated = now;
    }

    long executionId() {
        return executionId;
    }

    JobCounts counts() {
        return new JobCounts(bytes, blobsRemoved, uploadsRemoved, pinsExpired, failures);
    }
}
