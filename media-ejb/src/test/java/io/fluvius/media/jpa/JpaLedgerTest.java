package io.fluvius.media.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import jakarta.persistence.EntityManagerFactory;

import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.ledger.SharedContentRace;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.core.storage.LocalDriver;

/**
 * The ledger on the production {@link JpaMediaManager} without a server: Hibernate on H2 (and PostgreSQL
 * when the build names one), resource-local transactions bound to threads as the container binds JTA
 * ones, real row locks. The fast way to find a race before the in-server suite does.
 */
class JpaLedgerTest {

    @TempDir
    Path dataDir;

    private MigrationDatabase database;
    private EntityManagerFactory factory;

    static List<MigrationDatabase> databases() {
        return MigrationDatabase.available();
    }

    @AfterEach
    void close() throws SQLException {
        if (factory != null) {
            factory.close();
        }
        database.drop();
    }

    static JpaMediaManager manager(MigrationDatabase db, java.util.function.Consumer<EntityManagerFactory> opened) {
        db.migrate(null);
        var settings = new StandardServiceRegistryBuilder()
                .applySetting("jakarta.persistence.jdbc.url", db.url())
                .applySetting("jakarta.persistence.jdbc.user", db.user())
                .applySetting("jakarta.persistence.jdbc.password", db.password())
                .applySetting("hibernate.hbm2ddl.auto", "none")
                .applySetting("hibernate.connection.pool_size", "20");
        if (db.schema() != null) {
            settings.applySetting("hibernate.default_schema", db.schema());
            settings.applySetting("hibernate.connection.currentSchema", db.schema());
        }
        var sources = new MetadataSources(settings.build());
        SchemaMigrationTest.MAPPED.forEach(sources::addAnnotatedClass);
        EntityManagerFactory factory = sources.buildMetadata().buildSessionFactory();
        opened.accept(factory);
        var jpa = new ThreadBoundJpa(factory);
        return new JpaMediaManager(jpa.entityManager(), jpa);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void sharedContentSurvivesRacingPutsDeletesAndGarbageCollectionWithoutContentLocks(MigrationDatabase db)
            throws Exception {
        database = db;
        JpaMediaManager records = manager(db, opened -> factory = opened);
        var media = new MediaInterface(MediaSettings.DEFAULTS.withContentLocks(false), records,
                Filesystems.of(LocalDriver.connectionFactory(dataDir, "file"), records), java.time.Clock.systemUTC());
        byte[] content = new byte[4096];
        new Random(3).nextBytes(content);

        var outcome = SharedContentRace.run(media, records, content, "race-" + UUID.randomUUID(), 8, 60);

        System.out.println("JpaLedgerTest " + db + ": " + outcome);
        assertEquals(List.of(), outcome.failures());
    }
}
