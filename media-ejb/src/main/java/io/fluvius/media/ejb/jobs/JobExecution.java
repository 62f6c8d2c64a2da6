package io.fluvius.media.ejb.jobs;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One execution of a batch job as callers see it.
 *
 * @param status     the batch status name ({@code STARTING}, {@code STARTED}, {@code COMPLETED}, {@code FAILED}, …)
 * @param parameters the parameters it runs with, defaults filled in
 * @param findings   what it found (verify-sweep's damaged blobs, orphan-gc's removals), oldest first
 */
public record JobExecution(long executionId, String jobName, String status, String exitStatus, Instant createTime,
                           Instant startTime, Instant endTime, Map<String, String> parameters, JobProgress progress,
                           List<JobFinding> findings) implements Serializable {

    /** Just started: what a start or restart answers before the job has run. */
    public static JobExecution started(long executionId, String jobName, String status, Map<String, String> parameters) {
        return new JobExecution(executionId, jobName, status, null, null, null, null, parameters, JobProgress.NONE,
                List.of());
    }
}
