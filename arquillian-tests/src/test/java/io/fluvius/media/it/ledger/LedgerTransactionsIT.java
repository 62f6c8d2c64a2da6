package io.fluvius.media.it.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.naming.InitialContext;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.UploadExpiredException;
import io.fluvius.media.core.io.StallingInputStream;
import io.fluvius.media.core.ledger.GarbageReport;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.records.RecordQuery;
import io.fluvius.media.ejb.MediaCore;
import io.fluvius.media.ejb.MediaServiceLocal;
import io.fluvius.media.it.RealmUser;
import io.fluvius.media.it.persistence.TransactionalMediaManager;

/**
 * Transactions and garbage collection in the server, on its database: a caller's rollback undoes a delete
 * or a put, garbage collection keeps what is referenced or young and takes what is old or abandoned.
 */
@ExtendWith(ArquillianExtension.class)
class LedgerTransactionsIT {

    private static final Duration LEASE = Duration.ofSeconds(2);

    @Deployment
    static EnterpriseArchive deployment() {
        return LedgerDeployment.mediaEarWithTests();
    }

    @EJB
    MediaServiceLocal service;

    @Inject
    MediaCore core;

    @Inject
    TransactionalMediaManager records;

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    private static UserTransaction userTransaction() throws Exception {
        return (UserTransaction) new InitialContext().lookup("java:jboss/UserTransaction");
    }

    @Test
    void aDeleteWhoseTransactionRollsBackLeavesTheEntryReadable() throws Exception {
        byte[] content = randomBytes(100_000);
        MediaEntry entry = RealmUser.WRITER.call(() -> service.put(content, PutOptions.named("kept.bin")));

        UserTransaction transaction = userTransaction();
        transaction.begin();
        try {
            assertTrue(RealmUser.WRITER.call(() -> service.delete(entry.getId())));
            // Garbage collection beside the open delete sees the committed reference and keeps the blob.
            GarbageReport meanwhile = CompletableFuture.supplyAsync(() -> core.media().collectGarbage(Duration.ZERO))
                    .get(30, TimeUnit.SECONDS);
            assertTrue(records.fetch(MediaBlob.class, entry.blobId()).isPresent(), "kept beside the open delete: " + meanwhile);
        } finally {
            transaction.rollback();
        }
        core.media().collectGarbage(Duration.ZERO);

        assertArrayEquals(content, RealmUser.READER.call(() -> service.get(entry.getId())));
        assertEquals(1, records.fetch(MediaBlob.class, entry.blobId()).orElseThrow().getRefCount());
    }

    @Test
    void aPutWhoseCallerRollsBackLeavesNoEntryAndItsBytesAreCollected() throws Exception {
        String resource = "rolled-back-" + UUID.randomUUID();
        MediaInterface media = core.withSettings(core.settings().withUploadLease(LEASE));

        UserTransaction transaction = userTransaction();
        transaction.begin();
        MediaEntry entry;
        try {
            entry = media.put(randomBytes(300_000), PutOptions.named("gone.bin").withResource(resource, "x"));
        } finally {
            transaction.rollback();
        }

        assertTrue(records.fetch(MediaEntry.class, entry.getId()).isEmpty(), "no entry after the rollback");
        assertTrue(records.fetch(MediaBlob.class, entry.blobId()).isEmpty(), "no blob after the rollback");
        assertTrue(Files.exists(storedFile(entry)), "its bytes wait for garbage collection");
        Thread.sleep(LEASE.plusMillis(500).toMillis());
        assertTrue(media.collectGarbage(Duration.ZERO).uploadsRemoved() >= 1);
        assertTrue(Files.notExists(storedFile(entry)), "its bytes are gone");
    }

    @Test
    void garbageCollectionTakesOldUnreferencedBlobsAndKeepsFreshAndReferencedOnes() throws Exception {
        MediaInterface media = core.media();
        byte[] keptContent = randomBytes(10_000);
        MediaEntry kept = media.put(keptContent, PutOptions.named("kept.bin"));
        MediaEntry old = media.put(randomBytes(10_000), PutOptions.named("old.bin"));
        media.delete(old.getId());
        Thread.sleep(1_500);
        MediaEntry fresh = media.put(randomBytes(10_000), PutOptions.named("fresh.bin"));
        media.delete(fresh.getId());

        GarbageReport report = media.collectGarbage(Duration.ofSeconds(1));

        assertTrue(report.blobsRemoved() >= 1, report.toString());
        assertTrue(records.fetch(MediaBlob.class, old.blobId()).isEmpty(), "unreferenced for 1.5 s, grace 1 s: taken");
        assertTrue(Files.notExists(storedFile(old)), "and its bytes");
        assertTrue(records.fetch(MediaBlob.class, fresh.blobId()).isPresent(), "unreferenced just now: kept");
        assertTrue(Files.exists(storedFile(fresh)));
        assertArrayEquals(keptContent, media.get(kept.getId()), "referenced: kept");
    }

    @Test
    void theBytesOfAnUploadStalledHalfWayAreCollectedWhenItsLeaseRunsOut() throws Exception {
        MediaInterface media = core.withSettings(core.settings().withUploadLease(LEASE));
        var stalled = new StallingInputStream(randomBytes(1_500_000), 1_000_000);
        CompletableFuture<MediaEntry> upload = CompletableFuture.supplyAsync(() ->
                media.put(stalled, PutOptions.named("stalled.bin")));
        assertTrue(stalled.awaitStall(30));
        assertTrue(partialFiles().findAny().isPresent(), "half of it is on disk");

        Thread.sleep(LEASE.plusMillis(500).toMillis());
        GarbageReport report = media.collectGarbage(Duration.ZERO);

        assertTrue(report.uploadsRemoved() >= 1, report.toString());
        assertTrue(partialFiles().findAny().isEmpty(), "what it wrote is gone");
        stalled.release();
        var failure = assertThrows(Exception.class, () -> upload.get(30, TimeUnit.SECONDS));
        assertInstanceOf(UploadExpiredException.class, failure.getCause());
        assertEquals(0, records.count(MediaEntry.class, RecordQuery.where(Map.of("filename", "stalled.bin"))));
    }

    private static Path filesRoot() {
        return Path.of(System.getProperty("jboss.server.data.dir"), "media", "files", "media");
    }

    private static Path storedFile(MediaEntry entry) {
        return filesRoot().resolve(entry.getFsPath());
    }

    private static Stream<Path> storedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(filesRoot().resolve("blobs"))) {
            return files.filter(Files::isRegularFile).toList().stream();
        }
    }

    private static Stream<Path> partialFiles() throws IOException {
        return storedFiles().filter(file -> file.getFileName().toString().endsWith(".part"));
    }
}
