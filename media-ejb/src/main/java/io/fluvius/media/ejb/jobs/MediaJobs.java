package io.fluvius.media.ejb.jobs;

import java.util.List;
import java.util.Map;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaAccessDeniedException;
import io.fluvius.media.core.MediaNotFoundException;

/**
 * The product's batch jobs (API.md §3), for the role {@code media-admin}. Declared here and implemented by the
 * batch module, so that callers (the web module, remote clients) never depend on it: dependencies point one way.
 * Every method refuses a caller without the role ({@link MediaAccessDeniedException}).
 */
public interface MediaJobs {

    /**
     * Starts a job once its parameters are checked.
     *
     * @param params the job's parameters by name; unknown names and bad values are refused before anything starts
     * @throws InvalidMediaRequestException {@code media.unknown-job}, {@code media.invalid-job-parameter}
     */
    JobExecution start(String jobName, Map<String, String> params);

    /** Executions of every job, newest first. Limit 0 means 100; at most 1000. */
    List<JobExecution> list(int limit, long offset);

    /** One execution with its progress and findings. @throws MediaNotFoundException when there is none */
    JobExecution get(long executionId);

    /** Asks a running execution to stop after its current chunk. */
    JobExecution stop(long executionId);

    /**
     * Restarts a stopped or failed execution from its last checkpoint, with the same parameters.
     *
     * @return the new execution
     */
    JobExecution restart(long executionId);
}
