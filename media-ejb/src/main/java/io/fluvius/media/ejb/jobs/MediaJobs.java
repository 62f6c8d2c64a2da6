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

    /**
     * A page of the executions of every job, newest first, starting at {@code offset} or, when {@code cursor} is
     * given, right after the page that handed it out ({@link JobPage#nextCursor()}): following the cursor costs
     * the same on page 5,000 as on page 1, and executions started meanwhile shift nothing. Limit 0 means 100; at
     * most 1000.
     *
     * @param cursor a {@code nextCursor} of an earlier page, or {@code null}
     * @throws InvalidMediaRequestException a negative limit or offset ({@code media.invalid-request}); a cursor this
     *                                      service did not hand out ({@code media.invalid-cursor}), or one together
     *                                      with an offset
     */
    JobPage page(int limit, long offset, String cursor);

    /** One execution with its progress and findings. @throws MediaNotFoundException when there is none */
    JobExecution get(long executionId);

    /** Asks a running execution to stop after its current chunk. */
    JobExecution stop(long executionId);

    /**
     * Restarts a stopped or failed execution from its last checkpoint, with the same parameters. An execution whose
     * server died shows {@code STARTED} until its lease runs out ({@code media.jobs.lease}) and a server marks it
     * {@code FAILED}; until then it is refused as running.
     *
     * @return the new execution
     */
    JobExecution restart(long executionId);
}
