package io.fluvius.media.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.persistence.Index;
import jakarta.persistence.Table;

import io.fluvius.media.ejb.jobs.JobFindingRecord;
import io.fluvius.media.ejb.jobs.JobRun;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.StorageIntent;

/**
 * The migrations in db/migration build exactly the schema the JPA mapping expects, without a server, on
 * the H2 that WildFly bundles and on PostgreSQL when the build names one: what MediaSchema checks at
 * every start, found here at build time.
 */
class SchemaMigrationTest {

    static final List<Class<?>> MAPPED = List.of(MediaEntry.class, MediaFilesystem.class, MediaBlob.class,
            StorageIntent.class, JobRun.class, JobFindingRecord.class);

    private MigrationDatabase database;

    static List<MigrationDatabase> databases() {
        return MigrationDatabase.available();
    }

    @AfterEach
    void dropSchema() throws SQLException {
        database.drop();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void migratedSchemaMatchesTheMapping(MigrationDatabase db) {
        database = db;
        assertTrue(db.migrate(null).migrationsExecuted >= 1, "migrations applied to an empty database");

        var settings = new StandardServiceRegistryBuilder()
                .applySetting("jakarta.persistence.jdbc.url", db.url())
                .applySetting("jakarta.persistence.jdbc.user", db.user())
                .applySetting("jakarta.persistence.jdbc.password", db.password())
                .applySetting("hibernate.hbm2ddl.auto", "none");
        if (db.schema() != null) {
            settings.applySetting("hibernate.default_schema", db.schema());
        }
        StandardServiceRegistry registry = settings.build();
        var sources = new MetadataSources(registry);
        MAPPED.forEach(sources::addAnnotatedClass);
        try (SessionFactory sessionFactory = sources.buildMetadata().buildSessionFactory()) {
            // The very check MediaSchema makes at start-up; throws SchemaManagementException on a mismatch.
            sessionFactory.getSchemaManager().validateMappedObjects();
        } finally {
            StandardServiceRegistryBuilder.destroy(registry);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void migratingAnUpToDateSchemaChangesNothing(MigrationDatabase db) {
        database = db;
        MigrateResult first = db.migrate(null);
        MigrateResult second = db.migrate(null);
        assertEquals(0, second.migrationsExecuted);
        assertEquals(first.targetSchemaVersion, second.initialSchemaVersion);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void everyIndexOfTheMappingIsCreated(MigrationDatabase db) throws SQLException {
        database = db;
        db.migrate(null);
        for (Class<?> model : MAPPED) {
            Table table = model.getAnnotation(Table.class);
            Set<String> mapped = Arrays.stream(table.indexes())
                    .map(Index::name).map(name -> name.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> created = indexesOf(db, table.name());
            assertTrue(created.containsAll(mapped), () -> table.name() + ": mapped " + mapped + ", created " + created);
        }
    }

    private static Set<String> indexesOf(MigrationDatabase db, String table) throws SQLException {
        Set<String> created = new TreeSet<>();
        try (Connection connection = db.connect()) {
            String name = db.schema() == null ? table.toUpperCase(Locale.ROOT) : table;
            try (ResultSet indexes = connection.getMetaData().getIndexInfo(null, db.schema(), name, false, false)) {
                while (indexes.next()) {
                    String index = indexes.getString("INDEX_NAME");
                    if (index != null) {
                        created.add(index.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return created;
    }
}
