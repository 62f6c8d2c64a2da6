package io.fluvius.media.batch.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fluvius.media.batch.RepositoryDatabase;

/**
 * The SQL of the leases against the job repository's tables, on H2 and (when the build names one) PostgreSQL: the
 * databases MediaDS runs on.
 */
class LeaseTableTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final LeasePeriod LEASE = new LeasePeriod(Duration.ofSeconds(60));
    private static final LeaseHolder NODE1 = new LeaseHolder("node1", "boot-a");
    private static final LeaseHolder NODE2 = new LeaseHolder("node2", "boot-b");

    private final LeaseTable table = new LeaseTable(List.of("verify-sweep", "bulk-copy"));
    private RepositoryDatabase database;

    static List<RepositoryDatabase> databases() {
        return RepositoryDatabase.available();
    }

    @AfterEach
    void drop() throws SQLException {
        if (database != null) {
            database.drop();
        }
    }

    private Connection open(RepositoryDatabase db) throws Exception {
        database = db.create();
        return db.connect();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aLeaseIsRenewedByItsHolderOnly(RepositoryDatabase db) throws Exception {
        try (Connection c = open(db)) {
            db.insertExecution(c, 1, "verify-sweep", "STARTED", T0, "");
            assertTrue(table.take(c, 1, NODE1, T0.plusSeconds(60)));

            assertTrue(table.renew(c, 1, NODE1, T0.plusSeconds(80)));
            assertFalse(table.renew(c, 1, NODE2, T0.plusSeconds(90)), "another server's renewal");
            assertFalse(table.renew(c, 1, new LeaseHolder("node1", "boot-z"), T0.plusSeconds(90)),
                    "an earlier start of the same node");
            RunningExecution running = table.running(c).get(0);
            assertEquals(NODE1, running.holder());
            assertEquals(T0.plusSeconds(80), running.leaseUntil());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anExpiredLeaseMarksTheExecutionAndItsRunningStepsAndPartitionsFailed(RepositoryDatabase db) throws Exception {
        try (Connection c = open(db)) {
            db.insertExecution(c, 7, "verify-sweep", "STARTED", T0, "chunkSize = 1");
            db.insertStep(c, 70, 7, "COMPLETED", 5, 5, 5, 0);
            db.insertStep(c, 71, 7, "STARTED", 3, 3, 3, 0);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO PARTITION_EXECUTION (PARTITIONEXECUTIONID, STEPEXECUTIONID, BATCHSTATUS)"
                        + " VALUES (0, 71, 'STARTED'), (1, 71, 'COMPLETED')");
            }
            assertTrue(table.take(c, 7, NODE2, T0.plusSeconds(60)));
            Instant now = T0.plusSeconds(61);

            RunningExecution seen = single(table.running(c));
            String reason = seen.deathAsSeenBy(NODE1, now, LEASE).orElseThrow();
            assertTrue(table.markFailed(c, seen, reason, NODE1, now));

            assertEquals(List.of(), table.running(c), "it runs no more");
            assertEquals("FAILED", column(c, "SELECT BATCHSTATUS FROM JOB_EXECUTION WHERE JOBEXECUTIONID = 7"));
            assertEquals(reason, column(c, "SELECT EXITSTATUS FROM JOB_EXECUTION WHERE JOBEXECUTIONID = 7"));
            assertNotNull(column(c, "SELECT ENDTIME FROM JOB_EXECUTION WHERE JOBEXECUTIONID = 7"));
            assertEquals("COMPLETED", column(c, "SELECT BATCHSTATUS FROM STEP_EXECUTION WHERE STEPEXECUTIONID = 70"));
            assertEquals("FAILED", column(c, "SELECT BATCHSTATUS FROM STEP_EXECUTION WHERE STEPEXECUTIONID = 71"));
            assertNotNull(column(c, "SELECT ENDTIME FROM STEP_EXECUTION WHERE STEPEXECUTIONID = 71"));
            assertEquals("FAILED", column(c, "SELECT BATCHSTATUS FROM PARTITION_EXECUTION WHERE PARTITIONEXECUTIONID = 0"));
            assertEquals("COMPLETED", column(c, "SELECT BATCHSTATUS FROM PARTITION_EXECUTION WHERE PARTITIONEXECUTIONID = 1"));
            LeaseTable.Expiry expiry = table.expiry(c, 7).orElseThrow();
            assertEquals("node1", expiry.failedBy());
            assertEquals(now, expiry.failedAt());
            assertFalse(table.take(c, 7, NODE2, now.plusSeconds(60)), "a late start of it is refused");
            assertFalse(table.renew(c, 7, NODE2, now.plusSeconds(60)), "its server learns that it lost the lease");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRenewalThatComesAfterTheVerdictWins(RepositoryDatabase db) throws Exception {
        try (Connection c = open(db)) {
            db.insertExecution(c, 3, "bulk-copy", "STARTED", T0, "");
            assertTrue(table.take(c, 3, NODE2, T0.plusSeconds(60)));
            RunningExecution seen = single(table.running(c));
            Instant now = T0.plusSeconds(61);
            String reason = seen.deathAsSeenBy(NODE1, now, LEASE).orElseThrow();

            assertTrue(table.renew(c, 3, NODE2, now.plusSeconds(60)), "its server was only late");

            assertFalse(table.markFailed(c, seen, reason, NODE1, now));
            assertEquals("STARTED", column(c, "SELECT BATCHSTATUS FROM JOB_EXECUTION WHERE JOBEXECUTIONID = 3"));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void ofTwoServersThatFindTheSameDeadExecutionOnlyOneMarksIt(RepositoryDatabase db) throws Exception {
        try (Connection setup = open(db); Connection first = db.connect(); Connection second = db.connect()) {
            db.insertExecution(setup, 4, "verify-sweep", "STARTING", T0, "");
            assertTrue(table.take(setup, 4, new LeaseHolder("node3", "boot-c"), T0.plusSeconds(60)));
            RunningExecution seen = single(table.running(setup));
            Instant now = T0.plusSeconds(70);
            first.setAutoCommit(false);
            second.setAutoCommit(false);

            assertTrue(table.markFailed(first, seen, "FAILED: by node1", NODE1, now));
            // The second waits for the first's row lock, then finds the lease no longer as it saw it.
            CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> {
                try {
                    boolean marked = table.markFailed(second, seen, "FAILED: by node2", NODE2, now);
                    second.rollback();
                    return marked;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            first.commit();

            assertFalse(other.get(30, TimeUnit.SECONDS));
            assertEquals("FAILED: by node1",
                    column(setup, "SELECT EXITSTATUS FROM JOB_EXECUTION WHERE JOBEXECUTIONID = 4"));
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anExecutionWithoutALeaseIsMarkedOnlyAfterALeasePeriod(RepositoryDatabase db) throws Exception {
        try (Connection c = open(db)) {
            db.insertExecution(c, 5, "verify-sweep", "STARTING", T0, "");
            RunningExecution seen = single(table.running(c));
            assertNull(seen.holder());
            assertEquals(T0, seen.created());
            assertTrue(seen.deathAsSeenBy(NODE1, T0.plusSeconds(59), LEASE).isEmpty(), "it may still get its lease");

            Instant now = T0.plusSeconds(61);
            assertTrue(table.markFailed(c, seen, seen.deathAsSeenBy(NODE1, now, LEASE).orElseThrow(), NODE1, now));

            assertEquals("FAILED", column(c, "SELECT BATCHSTATUS FROM JOB_EXECUTION WHERE JOBEXECUTIONID = 5"));
            assertFalse(table.take(c, 5, NODE2, now.plusSeconds(60)), "its start, should it come now, is refused");
            assertFalse(table.markFailed(c, seen, "again", NODE2, now), "a second server finds the lease written");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void onlyTheProductsRunningExecutionsAreWatched(RepositoryDatabase db) throws Exception {
        try (Connection c = open(db)) {
            db.insertExecution(c, 1, "verify-sweep", "COMPLETED", T0, "");
            db.insertExecution(c, 2, "someone-elses-job", "STARTED", T0, "");
            db.insertExecution(c, 3, "verify-sweep", "STOPPING", T0, "");
            db.insertExecution(c, 4, "bulk-copy", "STARTING", T0, "");

            assertEquals(List.of(3L, 4L), table.running(c).stream().map(RunningExecution::executionId).toList());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theLeasesOfEndedExecutionsAreDeletedAndThoseThatRanOutKeptWhileTheirExecutionIs(RepositoryDatabase db) throws Exception {
        try (Connection c = open(db)) {
            db.insertExecution(c, 1, "verify-sweep", "COMPLETED", T0, "");
            db.insertExecution(c, 2, "verify-sweep", "STARTED", T0, "");
            db.insertExecution(c, 3, "verify-sweep", "STARTED", T0, "");
            for (long id = 1; id <= 3; id++) {
                assertTrue(table.take(c, id, NODE2, T0.plusSeconds(60)));
            }
            RunningExecution dead = table.running(c).get(1);
            assertEquals(3, dead.executionId());
            assertTrue(table.markFailed(c, dead, "FAILED", NODE1, T0.plusSeconds(61)));

            assertEquals(1, table.deleteEnded(c));
            assertEquals(List.of(2L, 3L), ids(c));

            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM JOB_EXECUTION WHERE JOBEXECUTIONID = 3"); // the repository purged it
            }
            assertEquals(1, table.deleteEnded(c));
            assertEquals(List.of(2L), ids(c));
        }
    }

    private static RunningExecution single(List<RunningExecution> running) {
        assertEquals(1, running.size(), running::toString);
        return running.get(0);
    }

    private static List<Long> ids(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT execution_id FROM media_job_lease ORDER BY execution_id")) {
            var ids = new java.util.ArrayList<Long>();
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
            return ids;
        }
    }

    private static String column(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet row = s.executeQuery()) {
            assertTrue(row.next(), sql);
            Object value = row.getObject(1);
            return value == null ? null : value.toString();
        }
    }
}
