package io.fluvius.media.it.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The database of the servers this failsafe execution runs: {@code media.test.database} ({@code h2} on this module's
 * server, {@code postgresql} on its PostgreSQL copy, arquillian-tests/pom.xml), and for PostgreSQL the database
 * the build was given, as the profile {@code postgresql} reads it: {@code MEDIA_TEST_POSTGRES_URL}, and
 * {@code MEDIA_TEST_POSTGRES_USER} and {@code MEDIA_TEST_POSTGRES_PASSWORD} (default {@code media}).
 *
 * @param name     {@code h2} or {@code postgresql}
 * @param url      the PostgreSQL JDBC URL; {@code null} on H2, or when MEDIA_TEST_POSTGRES_URL is not set
 * @param user     the PostgreSQL user; {@code null} on H2
 * @param password the PostgreSQL password; {@code null} on H2
 */
public record TestDatabase(String name, String url, String user, String password) {

    public static TestDatabase current() {
        String name = System.getProperty("media.test.database", "h2");
        if (!"postgresql".equals(name)) {
            return new TestDatabase(name, null, null, null);
        }
        return new TestDatabase(name, environment("MEDIA_TEST_POSTGRES_URL", null),
                environment("MEDIA_TEST_POSTGRES_USER", "media"), environment("MEDIA_TEST_POSTGRES_PASSWORD", "media"));
    }

    /** Whether several servers can share it: a PostgreSQL database whose coordinates this test knows. */
    public boolean isShareable() {
        return "postgresql".equals(name) && url != null;
    }

    /** The system properties from which MediaDS reads its database (configure-datasource-postgresql.cli). */
    public Map<String, String> datasourceProperties() {
        if (!isShareable()) {
            throw new IllegalStateException("No PostgreSQL coordinates: this execution runs on " + name
                    + (url == null ? ", and MEDIA_TEST_POSTGRES_URL is not set" : ""));
        }
        return Map.of("media.db.url", url, "media.db.user", user, "media.db.password", password);
    }

    /** A connection to the database, to read what the servers wrote. */
    public Connection connect() throws SQLException {
        datasourceProperties(); // refuses H2
        return DriverManager.getConnection(url, user, password);
    }

    /**
     * Drops every table of the application (src/test/resources/empty-media-database.sql), so that servers
     * starting on fresh storage also start on a fresh schema: a ledger left by an earlier run would point at
     * bytes their storage never held.
     */
    public void empty() throws IOException, SQLException {
        String sql;
        try (InputStream script = TestDatabase.class.getResourceAsStream("/empty-media-database.sql")) {
            sql = new String(script.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Never the password. */
    @Override
    public String toString() {
        return url == null ? name : name + " " + url + " as " + user;
    }

    private static String environment(String variable, String otherwise) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
