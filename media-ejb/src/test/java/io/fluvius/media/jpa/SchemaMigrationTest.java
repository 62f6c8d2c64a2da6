package io.fluvius.media.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.Index;
import jakarta.persistence.Table;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.Test;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaFilesystem;

/**
 * The migrations in db/migration build exactly the schema the JPA mapping expects, on the H2 that WildFly
 * bundles, without a server: what MediaSchema checks at every start, found here at build time. (The
 * Arquillian suite runs the same check in the server on H2 and on PostgreSQL.)
 */
class SchemaMigrationTest {

    private final String url = "jdbc:h2:mem:schema-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    private MigrateResult migrate() {
        return Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
    }

    @Test
    void migratedSchemaMatchesTheMapping() {
        assertTrue(migrate().migrationsExecuted >= 1, "migrations applied to an empty database");

        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting("jakarta.persistence.jdbc.url", url)
                .applySetting("jakarta.persistence.jdbc.user", "sa")
                .applySetting("jakarta.persistence.jdbc.password", "")
                .applySetting("hibernate.hbm2ddl.auto", "none")
                .build();
        try (SessionFactory sessionFactory = new MetadataSources(registry)
                .addAnnotatedClass(MediaEntry.class)
                .addAnnotatedClass(MediaFilesystem.class)
                .buildMetadata()
                .buildSessionFactory()) {
            // The very check MediaSchema makes at start-up; throws SchemaManagementException on a mismatch.
            sessionFactory.getSchemaManager().validateMappedObjects();
        } finally {
            StandardServiceRegistryBuilder.destroy(registry);
        }
    }

    @Test
    void migratingAnUpToDateSchemaChangesNothing() {
        MigrateResult first = migrate();
        MigrateResult second = migrate();
        assertEquals(0, second.migrationsExecuted);
        assertEquals(first.targetSchemaVersion, second.initialSchemaVersion);
    }

    @Test
    void everyIndexOfTheMappingIsCreated() throws SQLException {
        migrate();
        Set<String> mapped = Arrays.stream(MediaEntry.class.getAnnotation(Table.class).indexes())
                .map(Index::name).map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> created = new TreeSet<>();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             ResultSet indexes = connection.getMetaData().getIndexInfo(null, null, "MEDIA_ENTRY", false, false)) {
            while (indexes.next()) {
                String name = indexes.getString("INDEX_NAME");
                if (name != null) {
                    created.add(name.toLowerCase(Locale.ROOT));
                }
            }
        }
        assertTrue(created.containsAll(mapped), () -> "mapped " + mapped + ", created " + created);
    }
}
