package io.fluvius.media.batch.lease;

import java.time.Duration;

import io.fluvius.media.batch.JobCatalog;

/**
 * How long a lease lasts without renewal ({@code media.jobs.lease}), and how often the servers renew theirs and
 * look for executions whose lease ran out: every third of it, so that a renewal may miss twice before the lease
 * is lost, and an execution whose server died is marked FAILED between one and one and a third periods later.
 */
public record LeasePeriod(Duration length) {

    /** The shortest lease: its renewal every second. */
    public static final Duration MIN = Duration.ofSeconds(3);

    public LeasePeriod {
        if (length.compareTo(MIN) < 0) {
            throw new IllegalArgumentException("media.jobs.lease must be " + MIN + " or longer, was " + length);
        }
    }

    /** Whole seconds ({@code 60}) or ISO-8601 ({@code PT1M}). */
    public static LeasePeriod parse(String value) {
        Duration length;
        try {
            length = JobCatalog.parseDuration(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("media.jobs.lease: " + e.getMessage(), e);
        }
        return new LeasePeriod(length);
    }

    /** How often the leases of this server are renewed and every server looks for dead executions. */
    public Duration renewEvery() {
        return length.dividedBy(3);
    }
}
