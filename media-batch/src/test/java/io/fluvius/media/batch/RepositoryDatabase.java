package io.fluvius.media.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An empty database with the batch runtime's job repository tables, as JBeret's JDBC repository makes them (the
 * columns this module reads and writes, with its types: TIMESTAMP on H2, TIMESTAMPTZ on PostgreSQL), and the
 * product's lease table (migration V7, as shipped): an in-memory H2 always, and a fresh schema of the PostgreSQL
 * database the build names (MEDIA_TEST_POSTGRES_URL), dropped afterwards.
 */
public record RepositoryDatabase(String name, String url, String user, String password, String schema) {

    public static List<RepositoryDatabase> available() {
        var databases = new ArrayList<RepositoryDatabase>();
        databases.add(new RepositoryDatabase("h2", "jdbc:h2:mem:repository-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "", null));
        String postgres = System.getenv("MEDIA_TEST_POSTGRES_URL");
        if (postgres != null && !postgres.isBlank()) {
            databases.add(new RepositoryDatabase("postgresql", postgres, env("MEDIA_TEST_POSTGRES_USER", "media"),
                    env("MEDIA_TEST_POSTGRES_PASSWORD", "media"),
                    "batch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)));
        }
        return databases;
    }

    /** Creates the tables; call once per database. */
    public RepositoryDatabase create() throws SQLException, IOException {
        String time = schema == null ? "TIMESTAMP" : "TIMESTAMPTZ";
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE JOB_INSTANCE (JOBINSTANCEID BIGINT NOT NULL PRIMARY KEY,"
                    + " VERSION INTEGER, JOBNAME VARCHAR(512), APPLICATIONNAME VARCHAR(512))");
            statement.execute("CREATE TABLE JOB_EXECUTION (JOBEXECUTIONID BIGINT NOT NULL PRIMARY KEY,"
                    + " JOBINSTANCEID BIGINT NOT NULL, VERSION INTEGER, CREATETIME " + time + ", STARTTIME " + time
                    + ", ENDTIME " + time + ", LASTUPDATEDTIME " + time + ", BATCHSTATUS VARCHAR(30),"
                    + " EXITSTATUS VARCHAR(512), JOBPARAMETERS VARCHAR(3000), RESTARTPOSITION VARCHAR(255))");
            statement.execute("CREATE TABLE STEP_EXECUTION (STEPEXECUTIONID BIGINT NOT NULL PRIMARY KEY,"
                    + " JOBEXECUTIONID BIGINT NOT NULL, VERSION INTEGER, STEPNAME VARCHAR(255), STARTTIME " + time
                    + ", ENDTIME " + time + ", BATCHSTATUS VARCHAR(30), EXITSTATUS VARCHAR(512),"
                    + " READCOUNT INTEGER, WRITECOUNT INTEGER, COMMITCOUNT INTEGER, ROLLBACKCOUNT INTEGER,"
                    + " READSKIPCOUNT INTEGER, PROCESSSKIPCOUNT INTEGER, FILTERCOUNT INTEGER, WRITESKIPCOUNT INTEGER)");
            statement.execute("CREATE TABLE PARTITION_EXECUTION (PARTITIONEXECUTIONID INTEGER NOT NULL,"
                    + " STEPEXECUTIONID BIGINT NOT NULL, VERSION INTEGER, BATCHSTATUS VARCHAR(30),"
                    + " EXITSTATUS VARCHAR(512), PRIMARY KEY (PARTITIONEXECUTIONID, STEPEXECUTIONID))");
            try (InputStream v7 = RepositoryDatabase.class.getResourceAsStream("/db/migration/V7__job_leases.sql")) {
                String sql = new String(v7.readAllBytes(), StandardCharsets.UTF_8);
                for (String command : sql.replaceAll("(?m)--.*$", "").split(";")) {
                    if (!command.isBlank()) {
                        statement.execute(command);
                    }
                }
            }
        }
        return this;
    }

    public Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(url, user, password);
        if (schema != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                statement.execute("SET search_path TO " + schema);
            }
        }
        return connection;
    }

    public void drop() throws SQLException {
        if (schema != null) {
            try (Connection connection = DriverManager.getConnection(url, user, password);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** An instance of a job with one execution in a status, created at a time; JBeret writes times as here. */
    public void insertExecution(Connection connection, long executionId, String jobName, String status,
                                Instant created, String parameters) throws SQLException {
        try (PreparedStatement instance = connection.prepareStatement(
                "INSERT INTO JOB_INSTANCE (JOBINSTANCEID, JOBNAME, APPLICATIONNAME) VALUES (?, ?, 'media')");
             PreparedStatement execution = connection.prepareStatement("INSERT INTO JOB_EXECUTION (JOBEXECUTIONID,"
                     + " JOBINSTANCEID, CREATETIME, STARTTIME, BATCHSTATUS, JOBPARAMETERS) VALUES (?, ?, ?, ?, ?, ?)")) {
            instance.setLong(1, executionId);
            instance.setString(2, jobName);
            instance.executeUpdate();
            execution.setLong(1, executionId);
            execution.setLong(2, executionId);
            execution.setTimestamp(3, Timestamp.from(created));
            execution.setTimestamp(4, Timestamp.from(created));
            execution.setString(5, status);
            execution.setString(6, parameters);
            execution.executeUpdate();
        }
    }

    /** A step execution with its metrics. */
    public void insertStep(Connection connection, long stepId, long executionId, String status, int read, int write,
                           int commit, int skip) throws SQLException {
        try (PreparedStatement step = connection.prepareStatement("INSERT INTO STEP_EXECUTION (STEPEXECUTIONID,"
                + " JOBEXECUTIONID, STEPNAME, BATCHSTATUS, READCOUNT, WRITECOUNT, COMMITCOUNT, ROLLBACKCOUNT,"
                + " READSKIPCOUNT, PROCESSSKIPCOUNT, FILTERCOUNT, WRITESKIPCOUNT) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 0, 0, 0)")) {
            step.setLong(1, stepId);
            step.setLong(2, executionId);
            step.setString(3, "step" + stepId);
            step.setString(4, status);
            step.setInt(5, read);
            step.setInt(6, write);
            step.setInt(7, commit);
            step.setInt(8, skip);
            step.executeUpdate();
        }
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    @Override
    public String toString() {
        return name;
    }
}
