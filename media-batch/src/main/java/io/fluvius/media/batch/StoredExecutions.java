package io.fluvius.media.batch;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The executions of the product's jobs read straight from the job repository's tables ({@code JOB_EXECUTION},
 * {@code JOB_INSTANCE}, {@code STEP_EXECUTION}: JBeret's JDBC repository in MediaDS, configure-batch.cli), in plain
 * JDBC. A page costs three indexed queries however many executions there are ({@link #indexStepsByExecution}),
 * where the batch API ({@code JobOperator}) can only list every execution id of every job instance. What a server
 * shows is what is committed, on every server alike: a running execution's metrics as of its last chunk.
 */
public final class StoredExecutions {

    private static final String COLUMNS = "SELECT e.JOBEXECUTIONID, e.JOBINSTANCEID, i.JOBNAME, e.BATCHSTATUS,"
            + " e.EXITSTATUS, e.CREATETIME, e.STARTTIME, e.ENDTIME, e.JOBPARAMETERS"
            + " FROM JOB_EXECUTION e JOIN JOB_INSTANCE i ON i.JOBINSTANCEID = e.JOBINSTANCEID";

    private final List<String> jobNames;

    public StoredExecutions(Collection<String> jobNames) {
        if (jobNames.isEmpty()) {
            throw new IllegalArgumentException("no job names");
        }
        this.jobNames = List.copyOf(jobNames);
    }

    /**
     * Executions of the jobs, newest (highest id) first: {@code count} of them, after skipping {@code offset},
     * among those with an id below {@code beforeId} (all of them when {@code null}).
     */
    public List<StoredExecution> newestFirst(Connection connection, Long beforeId, long offset, int count)
            throws SQLException {
        String sql = COLUMNS + " WHERE i.JOBNAME IN " + placeholders(jobNames.size())
                + (beforeId == null ? "" : " AND e.JOBEXECUTIONID < ?")
                + " ORDER BY e.JOBEXECUTIONID DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            for (String name : jobNames) {
                select.setString(p++, name);
            }
            if (beforeId != null) {
                select.setLong(p++, beforeId);
            }
            select.setLong(p++, offset);
            select.setInt(p, count);
            return read(select);
        }
    }

    /** One execution of the jobs; empty when there is none (or it is another application's). */
    public Optional<StoredExecution> find(Connection connection, long executionId) throws SQLException {
        String sql = COLUMNS + " WHERE e.JOBEXECUTIONID = ? AND i.JOBNAME IN " + placeholders(jobNames.size());
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, executionId);
            for (int i = 0; i < jobNames.size(); i++) {
                select.setString(i + 2, jobNames.get(i));
            }
            return read(select).stream().findFirst();
        }
    }

    /** The step metrics of each of the executions that has steps. */
    public Map<Long, StoredExecution.StepTotals> stepTotals(Connection connection, Collection<Long> executionIds)
            throws SQLException {
        var totals = new HashMap<Long, StoredExecution.StepTotals>();
        if (executionIds.isEmpty()) {
            return totals;
        }
        String sql = "SELECT JOBEXECUTIONID, SUM(READCOUNT), SUM(WRITECOUNT),"
                + " SUM(READSKIPCOUNT) + SUM(PROCESSSKIPCOUNT) + SUM(WRITESKIPCOUNT), SUM(FILTERCOUNT), SUM(COMMITCOUNT)"
                + " FROM STEP_EXECUTION WHERE JOBEXECUTIONID IN " + placeholders(executionIds.size())
                + " GROUP BY JOBEXECUTIONID";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            for (long id : executionIds) {
                select.setLong(p++, id);
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    totals.put(row.getLong(1), new StoredExecution.StepTotals(row.getLong(2), row.getLong(3),
                            row.getLong(4), row.getLong(5), row.getLong(6)));
                }
            }
        }
        return totals;
    }

    /**
     * Gives {@code STEP_EXECUTION} an index on its execution id unless it has one: JBeret's tables have it on H2
     * (its foreign key's), not on PostgreSQL, where reading the steps of one execution, as the listing and the
     * batch runtime itself do, would scan every step execution ever run. Safe to call from several servers at once.
     *
     * @return whether it made one
     */
    public static boolean indexStepsByExecution(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String table = metaData.storesLowerCaseIdentifiers() ? "step_execution" : "STEP_EXECUTION";
        try (ResultSet index = metaData.getIndexInfo(connection.getCatalog(), connection.getSchema(), table, false,
                true)) {
            while (index.next()) {
                if (index.getShort("ORDINAL_POSITION") == 1
                        && "JOBEXECUTIONID".equalsIgnoreCase(index.getString("COLUMN_NAME"))) {
                    return false;
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE INDEX IF NOT EXISTS ix_media_step_execution_job ON STEP_EXECUTION (JOBEXECUTIONID)");
        }
        return true;
    }

    /**
     * Job parameters as the repository writes them: a line {@code name = value} each (JBeret's
     * {@code BatchUtil.propertiesToString}), in name order.
     */
    static Map<String, String> parameters(String stored) {
        var parameters = new TreeMap<String, String>();
        if (stored == null) {
            return parameters;
        }
        for (String line : stored.split("\r?\n")) {
            int delimiter = line.indexOf(" = ");
            if (delimiter > 0) {
                parameters.put(line.substring(0, delimiter), line.substring(delimiter + 3));
            }
        }
        return parameters;
    }

    private static List<StoredExecution> read(PreparedStatement select) throws SQLException {
        var result = new ArrayList<StoredExecution>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                result.add(new StoredExecution(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
                        row.getString(5), instant(row.getTimestamp(6)), instant(row.getTimestamp(7)),
                        instant(row.getTimestamp(8)), parameters(row.getString(9))));
            }
        }
        return result;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String placeholders(int count) {
        return "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }
}
