package io.fluvius.media.it.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.io.BlockChecksums;
import io.fluvius.media.core.ledger.BlobLedger;
import io.fluvius.media.core.ledger.ContentLocks;
import io.fluvius.media.core.ledger.DedupKey;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.StorageIntent;
import io.fluvius.media.core.ledger.StoredContent;
import io.fluvius.media.core.records.MediaManager.EntryAndBlob;
import io.fluvius.media.core.records.MediaManager.FreshPublication;
import io.fluvius.media.ejb.MediaCore;
import io.fluvius.media.it.persistence.TransactionalMediaManager;
import io.fluvius.media.jpa.JpaMediaManager;
import io.fluvius.media.jpa.MediaSchema;
import io.fluvius.media.jpa.PostgresLedgerStatements;
import io.fluvius.media.jpa.TransactionBoundary;

/**
 * PostgreSQL's own ledger statements (db/postgresql, PostgresLedgerStatements) write and read the same rows as
 * the persistence context, and change nothing when they must not. Only the suite's PostgreSQL run includes this
 * class (arquillian-tests/pom.xml): other databases have no such statements.
 */
@ExtendWith(ArquillianExtension.class)
class PostgresStatementsIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return LedgerDeployment.mediaEarWithTests();
    }

    @EJB
    MediaSchema schema;

    @Inject
    MediaCore core;

    @Inject
    TransactionalMediaManager records;

    @PersistenceContext(unitName = "media")
    EntityManager em;

    @EJB
    TransactionBoundary transactions;

    @Resource(lookup = "java:jboss/datasources/MediaDS")
    DataSource dataSource;

    @BeforeEach
    void onPostgresql() {
        assertTrue(schema.postgresql(), "this class runs in the PostgreSQL run of the suite only");
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    /** The manager with PostgreSQL's statements, as the server builds it. */
    private JpaMediaManager withStatements() {
        return new JpaMediaManager(em, transactions, new PostgresLedgerStatements(dataSource));
    }

    /** Read through the persistence context, from the database (the second-level cache emptied first). */
    private MediaEntry entryFromJpa(UUID id) {
        em.getEntityManagerFactory().getCache().evictAll();
        return records.fetch(MediaEntry.class, id).orElseThrow();
    }

    private MediaBlob blobFromJpa(UUID id) {
        em.getEntityManagerFactory().getCache().evictAll();
        return records.fetch(MediaBlob.class, id).orElseThrow();
    }

    @Test
    void aPutOfNewContentRecordsTheRowsThatThePersistenceContextReadsBack() {
        byte[] content = randomBytes(3_000_000); // more than one checked block
        MediaEntry put = core.media().put(content, PutOptions.named("rows.bin").withResource("pg-rows", "1")
                .withMetadata(Map.of("camera", "X100", "empty", "")));

        MediaEntry read = entryFromJpa(put.getId());
        assertSameEntry(put, read);
        MediaBlob blob = blobFromJpa(put.blobId());
        assertEquals(put.getFilehash(), blob.getContentHash());
        assertEquals(1, blob.getRefCount());
        assertEquals(put.getFsPath(), blob.getStorageKey());
        assertEquals(DedupKey.of(put.getFsKey(), put.getFilehash(), null), blob.getDedupKey());
        assertTrue(blob.blocks().count() > 1, "one checksum per block: " + blob.blocks().count());
        assertEquals(0, records.count(StorageIntent.class, io.fluvius.media.core.records.RecordQuery.where(
                Map.of("storageKey", put.getFsPath()))), "the write's intent is gone");
    }

    @Test
    void theDownloadStatementReadsWhatThePersistenceContextReads() {
        MediaEntry put = core.media().put(randomBytes(5_000), PutOptions.named("read.bin").withResource("pg-read", "2")
                .withMetadata(Map.of("a", "1", "b", "2")));
        em.getEntityManagerFactory().getCache().evictAll();

        EntryAndBlob read = withStatements().fetchWithBlob(put.getId()).orElseThrow();

        assertSameEntry(entryFromJpa(put.getId()), read.entry());
        MediaBlob expected = blobFromJpa(put.blobId());
        MediaBlob blob = read.blob().orElseThrow();
        assertEquals(expected.getId(), blob.getId());
        assertEquals(expected.getStorageKey(), blob.getStorageKey());
        assertEquals(expected.getContentHash(), blob.getContentHash());
        assertEquals(expected.getStoredLength(), blob.getStoredLength());
        assertEquals(expected.getCrc32c(), blob.getCrc32c());
        assertEquals(expected.getBlockSize(), blob.getBlockSize());
        assertArrayEquals(expected.blocks().toBytes(), blob.blocks().toBytes());
        assertEquals(expected.getRefCount(), blob.getRefCount());
        assertEquals(expected.getCreated(), blob.getCreated());
        assertTrue(withStatements().fetchWithBlob(UUID.randomUUID()).isEmpty(), "no such entry");
    }

    @Test
    void aPublicationWhoseIntentIsGoneChangesNothing() {
        StorageIntent lost = ledger().beginWrite("file", "blobs/pg/" + UUID.randomUUID());
        ledger().forget(lost);
        MediaBlob blob = freshBlob(lost, null);
        MediaEntry entry = entryOf(blob);

        assertEquals(FreshPublication.INTENT_GONE, withStatements().publishFresh(lost, blob, entry));
        assertTrue(records.fetch(MediaBlob.class, blob.getId()).isEmpty());
        assertTrue(records.fetch(MediaEntry.class, entry.getId()).isEmpty());
    }

    @Test
    void aPublicationOfContentStoredBeforeChangesNothingAndLeavesTheIntent() {
        MediaEntry stored = core.media().put(randomBytes(2_000), PutOptions.named("first.bin"));
        StorageIntent write = ledger().beginWrite(stored.getFsKey(), "blobs/pg/" + UUID.randomUUID());
        MediaBlob blob = freshBlob(write, DedupKey.of(stored.getFsKey(), stored.getFilehash(), null));
        MediaEntry entry = entryOf(blob);

        assertEquals(FreshPublication.CANONICAL_EXISTS, withStatements().publishFresh(write, blob, entry));
        assertTrue(records.fetch(MediaBlob.class, blob.getId()).isEmpty());
        assertTrue(records.fetch(MediaEntry.class, entry.getId()).isEmpty());
        assertTrue(records.fetch(StorageIntent.class, write.getId()).isPresent(), "the write still owns its key");
        assertEquals(1, blobFromJpa(stored.blobId()).getRefCount(), "the stored blob is untouched");
        ledger().forget(write);
    }

    private BlobLedger ledger() {
        return new BlobLedger(records, java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(2),
                ContentLocks.disabled());
    }

    private static MediaBlob freshBlob(StorageIntent write, String dedupKey) {
        String hash = dedupKey == null ? "0".repeat(64) : dedupKey.substring(0, 64);
        return MediaBlob.stored(UUID.randomUUID(), write.getFsKey(), write.getStorageKey(),
                new StoredContent(hash, 2_000, 1L, null, 2_000, BlockChecksums.none()), dedupKey,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private static MediaEntry entryOf(MediaBlob blob) {
        return MediaEntry.builder().id(UUID.randomUUID()).blob(blob).filename("never.bin")
                .filemime("application/octet-stream").created(Instant.now().truncatedTo(ChronoUnit.MICROS)).build();
    }

    private static void assertSameEntry(MediaEntry expected, MediaEntry actual) {
        assertEquals(expected.getId(), actual.getId());
        assertEquals(expected.getFilename(), actual.getFilename());
        assertEquals(expected.getFilehash(), actual.getFilehash());
        assertEquals(expected.getFilemime(), actual.getFilemime());
        assertEquals(expected.getLength(), actual.getLength());
        assertEquals(expected.getFsKey(), actual.getFsKey());
        assertEquals(expected.getFsPath(), actual.getFsPath());
        assertEquals(expected.getCompress(), actual.getCompress());
        assertEquals(expected.getStoredLength(), actual.getStoredLength());
        assertEquals(expected.crc32c(), actual.crc32c());
        assertEquals(expected.blobId(), actual.blobId());
        assertEquals(expected.getResource(), actual.getResource());
        assertEquals(expected.getResourceId(), actual.getResourceId());
        assertEquals(expected.getSourceId(), actual.getSourceId());
        assertEquals(expected.getMetadata(), actual.getMetadata());
        assertEquals(expected.getCreated(), actual.getCreated());
        assertEquals(expected.getUpdated(), actual.getUpdated());
    }
}
