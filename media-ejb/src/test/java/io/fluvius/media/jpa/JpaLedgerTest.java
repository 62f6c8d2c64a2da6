package io.fluvius.media.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.UploadExpiredException;
import io.fluvius.media.core.io.BlockChecksums;
import io.fluvius.media.core.ledger.BlobLedger;
import io.fluvius.media.core.ledger.ContentLocks;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.SharedContentRace;
import io.fluvius.media.core.ledger.StorageIntent;
import io.fluvius.media.core.ledger.StoredContent;
import io.fluvius.media.core.records.RecordQuery;
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

    /**
     * The ledger checks a write's intent with one locking statement that reads nothing, and removes it with
     * one more: a write whose intent garbage collection turned into a discard is refused (and its intent
     * kept for the bytes to be deleted by), a live one is published and its intent is gone.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void aWriteWhoseIntentWasTakenBackIsRefusedAndALiveOneIsPublishedWithoutItsIntent(MigrationDatabase db) {
        database = db;
        JpaMediaManager records = manager(db, opened -> factory = opened);
        var ledger = new BlobLedger(records, java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(2),
                ContentLocks.disabled());
        StorageIntent live = ledger.beginWrite("file", "blobs/live-" + UUID.randomUUID());
        StorageIntent taken = ledger.beginWrite("file", "blobs/taken-" + UUID.randomUUID());
        ledger.abandon(taken); // what garbage collection does to an expired write
        var content = new StoredContent("ab".repeat(32), 3, 7L, null, 3, BlockChecksums.none());
        java.util.function.Function<MediaBlob, MediaEntry> entry = blob -> MediaEntry.builder()
                .id(UUID.randomUUID()).blob(blob).filename("f.bin").filemime("application/octet-stream")
                .created(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS)).build();

        assertThrows(UploadExpiredException.class, () -> ledger.publish(taken, content, true, entry));
        MediaEntry published = ledger.publish(live, content, true, entry).entry();

        assertEquals(live.getStorageKey(), records.fetch(MediaEntry.class, published.getId()).orElseThrow().getFsPath());
        assertEquals(List.of(StorageIntent.Kind.DISCARD), records.query(StorageIntent.class,
                RecordQuery.where(Map.of("fsKey", "file"))).stream().map(StorageIntent::getKind).toList());
    }
}
