package io.fluvius.media.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every row of every table of the application's schema, as text, for tests that prove something (a secret)
 * is nowhere in the database: H2's {@code SCRIPT}, or on PostgreSQL each row of each table cast to text. Runs
 * in the server and in the test's JVM alike (a plain JDBC connection).
 */
public final class DatabaseDump {

    private DatabaseDump() {
    }

    /**
     * @param expectedTable a table the dump must hold, so that a dump of the wrong schema fails instead of
     *                      proving nothing
     */
    public static String of(Connection connection, String expectedTable) throws SQLException {
        var dump = new StringBuilder();
        try (Statement statement = connection.createStatement()) {
            if (connection.getMetaData().getDatabaseProductName().toLowerCase().contains("h2")) {
                try (ResultSet script = statement.executeQuery("SCRIPT")) {
                    while (script.next()) {
                        dump.append(script.getString(1)).append('\n');
                    }
                }
                assertTrue(dump.toString().toLowerCase().contains(expectedTable), "no table " + expectedTable);
                return dump.toString();
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet found = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")) {
                while (found.next()) {
                    tables.add(found.getString(1));
                }
            }
            assertTrue(tables.contains(expectedTable), "tables: " + tables);
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT CAST(t AS text) FROM \"" + table + "\" t")) {
                    while (rows.next()) {
                        dump.append(table).append(' ').append(rows.getString(1)).append('\n');
                    }
                }
            }
        }
        return dump.toString();
    }
}
