package io.fluvius.media.jpa;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * An empty database for the migration tests: an in-memory H2 (the one WildFly bundles) always, and a fresh
 * schema of the PostgreSQL database the build names (MEDIA_TEST_POSTGRES_URL, as the Arquillian suite's
 * second run does), dropped after the test.
 */
record MigrationDatabase(String name, String url, String user, String password, String schema) {

    static List<MigrationDatabase> available() {
        var databases = new ArrayList<MigrationDatabase>();
        databases.add(new MigrationDatabase("h2", "jdbc:h2:mem:migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "", null));
        String postgres = System.getenv("MEDIA_TEST_POSTGRES_URL");
        if (postgres != null && !postgres.isBlank()) {
            databases.add(new MigrationDatabase("postgresql", postgres,
                    env("MEDIA_TEST_POSTGRES_USER", "media"), env("MEDIA_TEST_POSTGRES_PASSWORD", "media"),
                    "migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)));
        }
        return databases;
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(url, user, password);
        if (schema != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                statement.execute("SET search_path TO " + schema);
            }
        }
        return connection;
    }

    /** Applies the migrations up to {@code target} ({@code null}: all of them). */
    MigrateResult migrate(String target) {
        var flyway = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration");
        if (schema != null) {
            flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        if (target != null) {
            flyway.target(target);
        }
        return flyway.load().migrate();
    }

    void drop() throws SQLException {
        if (schema != null) {
            try (Connection connection = DriverManager.getConnection(url, user, password);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
