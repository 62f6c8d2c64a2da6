package io.fluvius.media.it.batch;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.fluvius.media.ejb.jobs.JobExecution;
import io.fluvius.media.ejb.jobs.MediaJobs;
import io.fluvius.media.it.RealmUser;

/** Starts jobs through the jobs EJB as the realm's administrator and waits for them to end. */
final class Jobs {

    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final MediaJobs jobs;

    Jobs(MediaJobs jobs) {
        this.jobs = jobs;
    }

    JobExecution run(String jobName, Map<String, String> parameters) throws Exception {
        return awaitEnd(RealmUser.ADMIN.call(() -> jobs.start(jobName, parameters)).executionId());
    }

    JobExecution restart(long executionId) throws Exception {
        return awaitEnd(RealmUser.ADMIN.call(() -> jobs.restart(executionId)).executionId());
    }

    JobExecution awaitEnd(long executionId) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JobExecution execution = RealmUser.ADMIN.call(() -> jobs.get(executionId));
            if (ENDED.contains(execution.status())) {
                return execution;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Still running after " + TIMEOUT + ": " + execution);
            }
            Thread.sleep(100);
        }
    }
}
