package io.fluvius.media.batch.lease;

import java.time.Instant;
import java.util.Optional;

/**
 * An execution that the job repository shows running ({@code STARTING}, {@code STARTED} or {@code STOPPING}), with
 * its lease as a server last wrote it.
 *
 * @param holder     the server that holds its lease; {@code null} when it has none (yet)
 * @param leaseUntil when that lease runs out; {@code null} when it has none
 * @param created    when the execution was created (the repository's create time)
 */
public record RunningExecution(long executionId, String jobName, String status, Instant created, LeaseHolder holder,
                               Instant leaseUntil) {

    /**
     * Why this execution runs on no server any more, as {@code me} sees it at {@code now}, or empty while it may
     * still run somewhere. Dead: its lease ran out; or it is held by an earlier start of {@code me}'s own node
     * (that server was killed, or the application redeployed); or it has had no lease for a whole period since it
     * was created (its server died between creating it and taking the lease).
     *
     * @return the reason, worded for the execution's exit status
     */
    public Optional<String> deathAsSeenBy(LeaseHolder me, Instant now, LeasePeriod lease) {
        if (holder == null) {
            Instant deadline = created == null ? null : created.plus(lease.length());
            if (deadline == null || now.isAfter(deadline)) {
                return Optional.of("FAILED: no server took its lease within " + lease.length() + " of its creation"
                        + (created == null ? "" : " at " + created) + "; marked by " + me.node());
            }
            return Optional.empty();
        }
        if (holder.isEarlierStartOf(me)) {
            return Optional.of("FAILED: its server " + holder + " is gone (node " + holder.node()
                    + " started again); marked by " + me.node());
        }
        if (now.isAfter(leaseUntil)) {
            return Optional.of("FAILED: the lease of its server " + holder + " ran out at " + leaseUntil
                    + "; marked by " + me.node());
        }
        return Optional.empty();
    }
}
