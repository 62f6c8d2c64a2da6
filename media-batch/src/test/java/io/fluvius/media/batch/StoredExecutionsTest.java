package io.fluvius.media.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The listing of executions read from the job repository's tables, on H2 and (when named) PostgreSQL. */
class StoredExecutionsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final StoredExecutions executions = new StoredExecutions(List.of("orphan-gc", "verify-sweep"));
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

    @ParameterizedTest
    @MethodSource("databases")
    void pagesFollowingTheLastIdSeeEveryExecutionOnceNewestFirst(RepositoryDatabase db) throws Exception {
        database = db.create();
        try (Connection c = db.connect()) {
            var expected = new ArrayList<Long>();
            for (long id = 1; id <= 25; id++) {
                String job = id % 5 == 0 ? "someone-elses-job" : id % 2 == 0 ? "orphan-gc" : "verify-sweep";
                db.insertExecution(c, id, job, "COMPLETED", T0.plusSeconds(id), "");
                if (id % 5 != 0) {
                    expected.add(0, id);
                }
            }

            var seen = new ArrayList<Long>();
            Long before = null;
            List<StoredExecution> page;
            do {
                page = executions.newestFirst(c, before, 0, 7);
                page.forEach(e -> seen.add(e.executionId()));
                before = page.isEmpty() ? null : page.get(page.size() - 1).executionId();
            } while (page.size() == 7);

            assertEquals(expected, seen);
            assertEquals(expected.subList(10, 13), executions.newestFirst(c, null, 10, 3).stream()
                    .map(StoredExecution::executionId).toList(), "by offset");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anExecutionComesWithItsParametersTimesAndStepTotals(RepositoryDatabase db) throws Exception {
        database = db.create();
        try (Connection c = db.connect()) {
            db.insertExecution(c, 42, "verify-sweep", "STARTED", T0, "chunkSize = 1\nfailAtItem = \n");
            db.insertStep(c, 1, 42, "COMPLETED", 10, 9, 5, 1);
            db.insertStep(c, 2, 42, "STARTED", 3, 3, 3, 0);
            db.insertExecution(c, 43, "someone-elses-job", "STARTED", T0, "");

            StoredExecution found = executions.find(c, 42).orElseThrow();
            assertEquals("verify-sweep", found.jobName());
            assertEquals("STARTED", found.status());
            assertEquals(T0, found.createTime());
            assertEquals(Map.of("chunkSize", "1", "failAtItem", ""), found.parameters());
            assertEquals(new StoredExecution.StepTotals(13, 12, 1, 0, 8),
                    executions.stepTotals(c, List.of(42L, 43L)).get(42L));
            assertTrue(executions.find(c, 43).isEmpty(), "another application's execution");
            assertTrue(executions.find(c, 44).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void stepExecutionsGetAnIndexByExecutionOnce(RepositoryDatabase db) throws Exception {
        database = db.create();
        try (Connection c = db.connect()) {
            assertTrue(StoredExecutions.indexStepsByExecution(c), "JBeret's table on PostgreSQL has none");
            assertFalse(StoredExecutions.indexStepsByExecution(c), "it has one now");
        }
    }

    @Test
    void parametersAreReadAsTheRepositoryWritesThem() {
        assertEquals(Map.of("grace", "PT1H", "x", "a = b"), StoredExecutions.parameters("grace = PT1H\r\nx = a = b\n"));
        assertEquals(Map.of(), StoredExecutions.parameters(null));
    }
}
