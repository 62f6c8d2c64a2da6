package io.fluvius.media.batch.lease;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The leases of running executions (table {@code media_job_lease}, migration V7) beside the job repository's own
 * tables ({@code JOB_EXECUTION}, {@code STEP_EXECUTION}, {@code PARTITION_EXECUTION}: JBeret's, configure-batch.cli),
 * in plain JDBC on a connection the caller gives and commits. Every time is the caller's (the servers' clocks must
 * agree to well within a lease). Only the executions of the given jobs are looked at: other applications may keep
 * theirs in the same repository.
 */
public final class LeaseTable {

    /** The batch statuses of an execution that has not ended. */
    static final List<String> RUNNING = List.of("STARTING", "STARTED", "STOPPING");
    private static final String RUNNING_SQL = "('STARTING', 'STARTED', 'STOPPING')";
    /** JBeret's EXITSTATUS columns. */
    private static final int EXIT_STATUS_LENGTH = 512;

    private final List<String> jobNames;

    public LeaseTable(Collection<String> jobNames) {
        if (jobNames.isEmpty()) {
            throw new IllegalArgumentException("no job names");
        }
        this.jobNames = List.copyOf(jobNames);
    }

    /** A lease that ran out and made its execution FAILED: when, and by which server's doing. */
    public record Expiry(Instant failedAt, String failedBy) {
    }

    /**
     * Takes (or renews) the lease of an execution for {@code me} until {@code until}.
     *
     * @return {@code false} when the execution was marked FAILED for a lease that ran out: it must not run
     */
    public boolean take(Connection connection, long executionId, LeaseHolder me, Instant until) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE media_job_lease SET holder_node = ?,"
                + " holder_boot = ?, lease_until = ? WHERE execution_id = ? AND failed_at IS NULL")) {
            update.setString(1, me.node());
            update.setString(2, me.boot());
            update.setObject(3, time(until));
            update.setLong(4, executionId);
            if (update.executeUpdate() == 1) {
                return true;
            }
        }
        if (expiry(connection, executionId).isPresent()) {
            return false;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO media_job_lease"
                + " (execution_id, holder_node, holder_boot, lease_until) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, executionId);
            insert.setString(2, me.node());
            insert.setString(3, me.boot());
            insert.setObject(4, time(until));
            insert.executeUpdate();
        }
        return true;
    }

    /** Moves the end of a lease that {@code me} still holds. @return {@code false} when {@code me} lost it */
    public boolean renew(Connection connection, long executionId, LeaseHolder me, Instant until) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE media_job_lease SET lease_until = ?"
                + " WHERE execution_id = ? AND holder_node = ? AND holder_boot = ? AND failed_at IS NULL")) {
            update.setObject(1, time(until));
            update.setLong(2, executionId);
            update.setString(3, me.node());
            update.setString(4, me.boot());
            return update.executeUpdate() == 1;
        }
    }

    /** When and by whom the execution was marked FAILED for a lease that ran out; empty if it never was. */
    public Optional<Expiry> expiry(Connection connection, long executionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT failed_at, failed_by FROM media_job_lease WHERE execution_id = ? AND failed_at IS NOT NULL")) {
            select.setLong(1, executionId);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new Expiry(row.getObject(1, OffsetDateTime.class).toInstant(), row.getString(2)))
                        : Optional.empty();
            }
        }
    }

    /**
     * The executions of the jobs that the repository shows running, oldest first, each with its lease (if any);
     * not those already marked FAILED for a lease (whatever a late start of theirs wrote since).
     */
    public List<RunningExecution> running(Connection connection) throws SQLException {
        String sql = "SELECT e.JOBEXECUTIONID, i.JOBNAME, e.BATCHSTATUS, e.CREATETIME,"
                + " l.holder_node, l.holder_boot, l.lease_until"
                + " FROM JOB_EXECUTION e JOIN JOB_INSTANCE i ON i.JOBINSTANCEID = e.JOBINSTANCEID"
                + " LEFT JOIN media_job_lease l ON l.execution_id = e.JOBEXECUTIONID"
                + " WHERE e.BATCHSTATUS IN " + RUNNING_SQL + " AND i.JOBNAME IN " + placeholders(jobNames.size())
                + " AND l.failed_at IS NULL ORDER BY e.JOBEXECUTIONID";
        var result = new ArrayList<RunningExecution>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < jobNames.size(); i++) {
                select.setString(i + 1, jobNames.get(i));
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Timestamp created = row.getTimestamp(4);
                    String node = row.getString(5);
                    OffsetDateTime until = row.getObject(7, OffsetDateTime.class);
                    result.add(new RunningExecution(row.getLong(1), row.getString(2), row.getString(3),
                            created == null ? null : created.toInstant(),
                            node == null ? null : new LeaseHolder(node, row.getString(6)),
                            until == null ? null : until.toInstant()));
                }
            }
        }
        return result;
    }

    /**
     * Marks a dead execution FAILED, with its running step and partition executions, their end time set and
     * {@code reason} as their exit status; and marks its lease as the one that ran out (or, when it had none,
     * writes one that did), which no server takes again. Only if the lease is still exactly as
     * {@code execution} shows it (the row lock of that update keeps a second server from doing the same, and a
     * renewal that came meanwhile wins), and the repository still shows the execution running.
     *
     * @return {@code true} when this call marked it; on {@code false} the caller rolls its transaction back
     */
    public boolean markFailed(Connection connection, RunningExecution execution, String reason, LeaseHolder me,
                              Instant now) throws SQLException {
        if (!claim(connection, execution, me, now)) {
            return false;
        }
        String exitStatus = reason.length() <= EXIT_STATUS_LENGTH ? reason : reason.substring(0, EXIT_STATUS_LENGTH);
        Timestamp end = Timestamp.from(now);
        try (PreparedStatement update = connection.prepareStatement("UPDATE JOB_EXECUTION SET BATCHSTATUS = 'FAILED',"
                + " EXITSTATUS = ?, ENDTIME = ?, LASTUPDATEDTIME = ? WHERE JOBEXECUTIONID = ? AND BATCHSTATUS IN "
                + RUNNING_SQL)) {
            update.setString(1, exitStatus);
            update.setTimestamp(2, end);
            update.setTimestamp(3, end);
            update.setLong(4, execution.executionId());
            if (update.executeUpdate() != 1) {
                return false; // it ended meanwhile
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE PARTITION_EXECUTION SET BATCHSTATUS ="
                + " 'FAILED', EXITSTATUS = ? WHERE BATCHSTATUS IN " + RUNNING_SQL + " AND STEPEXECUTIONID IN"
                + " (SELECT s.STEPEXECUTIONID FROM STEP_EXECUTION s WHERE s.JOBEXECUTIONID = ?)")) {
            update.setString(1, exitStatus);
            update.setLong(2, execution.executionId());
            update.executeUpdate();
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE STEP_EXECUTION SET BATCHSTATUS = 'FAILED',"
                + " EXITSTATUS = ?, ENDTIME = ? WHERE JOBEXECUTIONID = ? AND BATCHSTATUS IN " + RUNNING_SQL)) {
            update.setString(1, exitStatus);
            update.setTimestamp(2, end);
            update.setLong(3, execution.executionId());
            update.executeUpdate();
        }
        return true;
    }

    /**
     * Deletes the leases of executions that ended, except those that ran out: they stay as long as the repository
     * keeps their execution, so that a late start of it is refused.
     *
     * @return how many
     */
    public int deleteEnded(Connection connection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM media_job_lease WHERE (failed_at IS NULL"
                + " AND NOT EXISTS (SELECT 1 FROM JOB_EXECUTION e WHERE e.JOBEXECUTIONID = media_job_lease.execution_id"
                + " AND e.BATCHSTATUS IN " + RUNNING_SQL + ")) OR NOT EXISTS (SELECT 1 FROM JOB_EXECUTION e"
                + " WHERE e.JOBEXECUTIONID = media_job_lease.execution_id)")) {
            return delete.executeUpdate();
        }
    }

    /** Locks the lease as it was seen (or, for none, writes the one that ran out). @return whether it was so */
    private static boolean claim(Connection connection, RunningExecution execution, LeaseHolder me, Instant now)
            throws SQLException {
        if (execution.holder() != null) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE media_job_lease SET failed_at = ?,"
                    + " failed_by = ? WHERE execution_id = ? AND holder_node = ? AND holder_boot = ?"
                    + " AND lease_until = ? AND failed_at IS NULL")) {
                update.setObject(1, time(now));
                update.setString(2, me.node());
                update.setLong(3, execution.executionId());
                update.setString(4, execution.holder().node());
                update.setString(5, execution.holder().boot());
                update.setObject(6, time(execution.leaseUntil()));
                return update.executeUpdate() == 1;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO media_job_lease (execution_id,"
                + " lease_until, failed_at, failed_by) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, execution.executionId());
            insert.setObject(2, time(now));
            insert.setObject(3, time(now));
            insert.setString(4, me.node());
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false; // a lease appeared meanwhile: taken by its server, or written by another one
            }
            throw e;
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    static String placeholders(int count) {
        return "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }
}
