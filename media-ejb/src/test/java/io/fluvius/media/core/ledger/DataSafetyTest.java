package io.fluvius.media.core.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.LocalContent;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.UploadExpiredException;
import io.fluvius.media.core.io.StallingInputStream;
import io.fluvius.media.core.records.NullMediaManager;
import io.fluvius.media.core.records.RecordQuery;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.core.storage.LocalDriver;

/**
 * The data-safety invariants (DESIGN.md) on the in-memory manager, whose transactions are real (one at a
 * time, all or nothing): the same ledger code as in the server, where the in-server tests repeat the
 * races on H2 and PostgreSQL.
 */
class DataSafetyTest {

    private static final int BLOCK = 4096;

    @TempDir
    Path dataDir;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T00:00:00Z"));
    private NullMediaManager records;
    private MediaConnectionFactory storage;
    private MediaInterface media;

    @BeforeEach
    void start() {
        records = new NullMediaManager();
        storage = LocalDriver.connectionFactory(dataDir, "file");
        storage.register(new FilesystemSpec("other", "file", Map.of("root", dataDir.resolve("other").toString())));
        media = media(MediaSettings.DEFAULTS.withBlockSize(BLOCK));
    }

    private MediaInterface media(MediaSettings settings) {
        return new MediaInterface(settings, records, Filesystems.of(storage, records), clock);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest(name = "content locks {0}")
    @ValueSource(booleans = {true, false})
    void sharedContentSurvivesRacingPutsDeletesAndGarbageCollection(boolean contentLocks) throws Exception {
        // Real time here: the lease must not run out under the test clock while the race runs.
        var racing = new MediaInterface(MediaSettings.DEFAULTS.withContentLocks(contentLocks), records,
                Filesystems.of(storage, records), java.time.Clock.systemUTC());

        var outcome = SharedContentRace.run(racing, records, randomBytes(4096, 1), "race-" + UUID.randomUUID(), 8, 150);

        assertEquals(List.of(), outcome.failures());
        assertEquals(outcome.rounds(), outcome.puts());
        assertTrue(outcome.collections() > 0, "garbage collection ran beside the race");
    }

    @Test
    void garbageCollectionTakesOnlyBlobsUnreferencedLongerThanTheGracePeriod() throws IOException {
        MediaEntry old = media.put(randomBytes(5000, 2), PutOptions.named("old.bin"));
        MediaEntry kept = media.put(randomBytes(5000, 3), PutOptions.named("kept.bin"));
        media.delete(old.getId());
        clock.advance(Duration.ofHours(2));
        MediaEntry fresh = media.put(randomBytes(5000, 4), PutOptions.named("fresh.bin"));
        media.delete(fresh.getId());

        GarbageReport report = media.collectGarbage(Duration.ofHours(1));

        assertEquals(1, report.blobsRemoved());
        assertEquals(5000, report.bytesRemoved());
        assertTrue(records.fetch(MediaBlob.class, old.blobId()).isEmpty(), "unreferenced for 2 h: collected");
        assertTrue(records.fetch(MediaBlob.class, fresh.blobId()).isPresent(), "unreferenced for 0 s: kept");
        assertArrayEquals(randomBytes(5000, 3), media.get(kept.getId()), "referenced: kept");
        assertEquals(2, storedKeys().size());
        assertEquals(0, records.count(StorageIntent.class, RecordQuery.where(Map.of())), "no discard left behind");
    }

    @Test
    void theBytesOfAnUploadStalledHalfWayAreCollectedOnceItsLeaseRunsOutAndTheUploadFails() throws Exception {
        var stalled = new StallingInputStream(randomBytes(900_000, 5), 600_000);
        CompletableFuture<MediaEntry> upload = CompletableFuture.supplyAsync(() ->
                media.put(stalled, PutOptions.named("killed.bin")));
        assertTrue(stalled.awaitStall(10));
        assertEquals(0, media.collectGarbage(Duration.ZERO).uploadsRemoved(), "its lease still runs");
        assertTrue(partialFiles().count() > 0, "half of it is on disk");

        clock.advance(MediaSettings.DEFAULTS.uploadLease().plusSeconds(1));
        GarbageReport report = media.collectGarbage(Duration.ZERO);

        assertEquals(1, report.uploadsRemoved());
        assertEquals(0, partialFiles().count(), "what the upload wrote is gone");
        stalled.release();
        var failure = assertThrows(Exception.class, upload::join);
        assertInstanceOf(UploadExpiredException.class, failure.getCause());
        assertEquals(List.of(), storedKeys());
        assertEquals(0, records.count(MediaEntry.class, RecordQuery.where(Map.of())));
    }

    @Test
    void aPutWhoseTransactionRollsBackLeavesNoEntryOnlyBytesThatAreCollected() {
        byte[] content = randomBytes(100_000, 6);
        assertThrows(InvalidMediaRequestException.class, () -> records.inTransaction(() -> {
            media.put(content, PutOptions.named("rolled-back.bin"));
            throw new InvalidMediaRequestException("the caller's transaction fails after the put");
        }));

        assertEquals(0, records.count(MediaEntry.class, RecordQuery.where(Map.of())));
        assertEquals(0, records.count(MediaBlob.class, RecordQuery.where(Map.of())));
        assertEquals(1, storedKeys().size(), "its bytes are garbage, under an intent");
        clock.advance(MediaSettings.DEFAULTS.uploadLease().plusSeconds(1));
        assertEquals(1, media.collectGarbage(Duration.ZERO).uploadsRemoved());
        assertEquals(List.of(), storedKeys());
    }

    @Test
    void aDeleteWhoseTransactionRollsBackLeavesTheEntryReadable() {
        byte[] content = randomBytes(10_000, 7);
        MediaEntry entry = media.put(content, PutOptions.named("kept.bin"));

        assertThrows(InvalidMediaRequestException.class, () -> records.inTransaction(() -> {
            media.delete(entry.getId());
            throw new InvalidMediaRequestException("the caller's transaction fails after the delete");
        }));
        media.collectGarbage(Duration.ZERO);

        assertArrayEquals(content, media.get(entry.getId()));
        assertEquals(1, records.fetch(MediaBlob.class, entry.blobId()).orElseThrow().getRefCount());
    }

    @Test
    void aDeclaredDigestReferencesTheStoredBlobWithoutWritingAndCountsAReference() {
        byte[] content = randomBytes(200_000, 8);
        MediaEntry first = media.put(content, PutOptions.named("first.bin"));
        String sha256 = first.getFilehash();

        MediaEntry second = media.put(new ByteArrayInputStream(content), PutOptions.named("second.bin").withExpectedSha256(sha256));

        assertEquals(first.blobId(), second.blobId());
        assertEquals(2, records.fetch(MediaBlob.class, first.blobId()).orElseThrow().getRefCount());
        assertEquals(1, storedKeys().size());
        assertEquals(0, records.count(StorageIntent.class, RecordQuery.where(Map.of())), "the pin is gone");
    }

    @Test
    void identicalPutsConvergeOnOneBlobAndDeleteTheirSecondCopy() {
        byte[] content = randomBytes(200_000, 9);
        MediaEntry a = media.put(content, PutOptions.named("a.bin"));
        MediaEntry b = media.put(content, PutOptions.named("b.bin"));

        assertEquals(a.blobId(), b.blobId());
        assertEquals(1, storedKeys().size());
        assertEquals(0, records.count(StorageIntent.class, RecordQuery.where(Map.of())));
    }

    @Test
    void withDedupOffEveryPutHasABlobOfItsOwnOutsideTheDedupIndex() {
        MediaInterface plain = media(MediaSettings.DEFAULTS.withBlockSize(BLOCK).withDedup(false));
        byte[] content = randomBytes(100_000, 15);
        MediaEntry a = plain.put(content, PutOptions.named("a.bin"));
        MediaEntry b = plain.put(content, PutOptions.named("b.bin").withExpectedSha256(a.getFilehash()));

        assertTrue(!a.blobId().equals(b.blobId()), "two blobs");
        assertEquals(null, records.fetch(MediaBlob.class, a.blobId()).orElseThrow().getDedupKey());
        assertEquals(2, storedKeys().size());
        plain.delete(a.getId());
        plain.collectGarbage(Duration.ZERO);
        assertArrayEquals(content, plain.get(b.getId()));
        assertEquals(1, storedKeys().size());
    }

    @Test
    void aCopyToTheSameFilesystemIsAReferenceAndMovesNoBytes() {
        MediaEntry source = media.put(randomBytes(50_000, 10), PutOptions.named("s.bin"));

        MediaEntry copy = media.copy(source.getId(), null);

        assertEquals(source.blobId(), copy.blobId());
        assertEquals(2, records.fetch(MediaBlob.class, source.blobId()).orElseThrow().getRefCount());
        assertEquals(1, storedKeys().size());
    }

    @Test
    void aCopyToAnotherFilesystemIsCheckedAndGetsTheSameBlockChecksums() {
        byte[] content = randomBytes(50_000, 11);
        MediaEntry source = media.put(content, PutOptions.named("s.bin").withCompress("ZSTD"));

        MediaEntry copy = media.copy(source.getId(), "other");

        MediaBlob original = records.fetch(MediaBlob.class, source.blobId()).orElseThrow();
        MediaBlob copied = records.fetch(MediaBlob.class, copy.blobId()).orElseThrow();
        assertEquals(original.blocks(), copied.blocks());
        assertEquals("other", copied.getFsKey());
        assertArrayEquals(content, media.get(copy.getId()));
    }

    @ParameterizedTest(name = "compress {0}")
    @ValueSource(strings = {"", "GZIP"})
    void aCorruptBlockIsNeverServedAndOnlyRangesThatReachItFail(String compress) throws IOException {
        byte[] content = randomBytes(10 * BLOCK, 12);
        MediaEntry entry = media.put(content, PutOptions.named("rot.bin").withCompress(compress.isEmpty() ? null : compress));
        corruptStoredByte(entry, 5 * BLOCK + 10);

        if (compress.isEmpty()) {
            assertThrows(MediaIntegrityException.class, () -> media.open(entry.getId(), 5 * BLOCK + 5, 100),
                    "a range whose first block holds it fails before any byte");
            assertArrayEquals(Arrays.copyOfRange(content, 100, 3 * BLOCK),
                    readAll(media.open(entry.getId(), 100, 3 * BLOCK - 100)), "a range elsewhere is served");
        }
        var partial = new ByteArrayOutputStream();
        assertThrows(MediaIntegrityException.class, () -> copyTo(media.open(entry.getId(), BLOCK, 8 * BLOCK), partial),
                "a range that reaches it is cut short");
        assertTrue(partial.size() < 8 * BLOCK);
        if (compress.isEmpty()) {
            assertArrayEquals(Arrays.copyOfRange(content, BLOCK, 5 * BLOCK), partial.toByteArray(),
                    "everything before the bad block, nothing of it");
        }
        assertThrows(MediaIntegrityException.class, () -> media.get(entry.getId()));
    }

    @Test
    void theZeroCopyPathChecksEveryBlockItSends() throws IOException {
        byte[] content = randomBytes(10 * BLOCK, 13);
        MediaEntry entry = media.put(content, PutOptions.named("rot.bin"));
        corruptStoredByte(entry, 5 * BLOCK + 10);

        assertArrayEquals(Arrays.copyOfRange(content, 100, 3 * BLOCK), sendLocal(entry, 100, 3 * BLOCK - 100, null));
        var nothing = new ByteArrayOutputStream();
        assertThrows(MediaIntegrityException.class, () -> sendLocal(entry, 5 * BLOCK + 5, 100, nothing));
        assertEquals(0, nothing.size(), "a range whose first block holds it fails before any byte");
        var cut = new ByteArrayOutputStream();
        assertThrows(MediaIntegrityException.class, () -> sendLocal(entry, 0, Long.MAX_VALUE, cut));
        assertTrue(cut.size() < content.length, "the whole file is never sent");
    }

    @Test
    void aCopyOfACorruptBlobFailsAndLeavesNoEntryNorBytes() throws IOException {
        MediaEntry entry = media.put(randomBytes(10 * BLOCK, 14), PutOptions.named("rot.bin"));
        corruptStoredByte(entry, 7 * BLOCK);
        long entries = records.count(MediaEntry.class, RecordQuery.where(Map.of()));

        assertThrows(MediaIntegrityException.class, () -> media.copy(entry.getId(), "other"));

        assertEquals(entries, records.count(MediaEntry.class, RecordQuery.where(Map.of())));
        try (MediaConnection other = storage.getConnection("other")) {
            assertEquals(List.of(), other.list(""));
        }
        assertEquals(0, records.count(StorageIntent.class, RecordQuery.where(Map.of())));
    }

    private byte[] sendLocal(MediaEntry entry, long offset, long count, ByteArrayOutputStream into) throws IOException {
        ByteArrayOutputStream out = into == null ? new ByteArrayOutputStream() : into;
        try (LocalContent local = media.localContent(entry.getId()).orElseThrow()) {
            local.transfer(offset, count, window -> {
                var target = Channels.newChannel(out);
                long size = window.size() - window.position();
                for (long sent = 0; sent < size; ) {
                    sent += window.transferTo(window.position() + sent, size - sent, target);
                }
            });
        }
        return out.toByteArray();
    }

    /** Flips one bit of the stored file in place, as a failing disk would. */
    private void corruptStoredByte(MediaEntry entry, long offset) throws IOException {
        Path file = dataDir.resolve("media").resolve(entry.getFsPath());
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            var one = java.nio.ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.flip();
            one.put(0, (byte) (one.get(0) ^ 1));
            channel.write(one, offset);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static void copyTo(InputStream in, ByteArrayOutputStream out) throws IOException {
        try (in) {
            byte[] buffer = new byte[1000];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        }
    }

    private List<String> storedKeys() {
        try (MediaConnection connection = storage.getConnection()) {
            return connection.list("").stream().map(info -> info.key()).toList();
        }
    }

    private Stream<Path> partialFiles() throws IOException {
        return Files.walk(dataDir).filter(p -> p.getFileName().toString().endsWith(".part")).toList().stream();
    }
}
