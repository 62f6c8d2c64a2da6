package io.fluvius.media.batch.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The table {@code media_job_schedule} (migration V8) on a connection of the caller's transaction: the row lock
 * that makes nodes take turns at a job's schedule, the schedule in force, and the claim of each firing. Plain JDBC,
 * portable SQL (H2, PostgreSQL).
 */
final class ScheduleTable {

    private final Connection connection;

    ScheduleTable(Connection connection) {
        this.connection = connection;
    }

    /**
     * Adds the job's row unless it exists. Two nodes that add it at once: one waits for the other and fails on the
     * primary key, which the caller may ignore (its transaction is spoiled: roll it back).
     */
    void addIfAbsent(String jobName, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO media_job_schedule (job_name, updated)"
                + " SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM media_job_schedule WHERE job_name = ?)")) {
            insert.setString(1, jobName);
            insert.setObject(2, timestamp(now));
            insert.setString(3, jobName);
            insert.executeUpdate();
        }
    }

    /**
     * Locks the job's row until the transaction ends and returns the schedule in force ({@code null}: off).
     *
     * @throws IllegalStateException when the row does not exist ({@link #addIfAbsent} first)
     */
    String lock(String jobName) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT expression FROM media_job_schedule WHERE job_name = ? FOR UPDATE")) {
            select.setString(1, jobName);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("media_job_schedule has no row for " + jobName);
                }
                return row.getString(1);
            }
        }
    }

    /** The schedule in force ({@code null}: off, or no row), without a lock. */
    String expression(String jobName) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT expression FROM media_job_schedule WHERE job_name = ?")) {
            select.setString(1, jobName);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /** Records the schedule in force ({@code null}: off), in the row {@link #lock} locked. */
    void setExpression(String jobName, String expression, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE media_job_schedule SET expression = ?, updated = ? WHERE job_name = ?")) {
            update.setString(1, expression);
            update.setObject(2, timestamp(now));
            update.setString(3, jobName);
            update.executeUpdate();
        }
    }

    /**
     * Claims one firing of the schedule {@code expression}: true for exactly one delivery of it, on whichever node.
     * A firing is known by the timer's next timeout after it, which every delivery of that firing sees alike; the
     * claim moves the row's {@code next_fire} forward to it, so a second delivery (another node, a second timer with
     * the same schedule) finds it there and backs off, as does a timer whose schedule is no longer in force.
     */
    boolean claim(String jobName, String expression, Instant nextFire, String node, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE media_job_schedule"
                + " SET next_fire = ?, fired_on = ?, fired_at = ?, execution_id = NULL"
                + " WHERE job_name = ? AND expression = ? AND (next_fire IS NULL OR next_fire < ?)")) {
            update.setObject(1, timestamp(nextFire));
            update.setString(2, node);
            update.setObject(3, timestamp(now));
            update.setString(4, jobName);
            update.setString(5, expression);
            update.setObject(6, timestamp(nextFire));
            return update.executeUpdate() == 1;
        }
    }

    /** Records the execution that the claimed firing started. */
    void setExecution(String jobName, Instant nextFire, long executionId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE media_job_schedule SET execution_id = ? WHERE job_name = ? AND next_fire = ?")) {
            update.setLong(1, executionId);
            update.setString(2, jobName);
            update.setObject(3, timestamp(nextFire));
            update.executeUpdate();
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
