package io.fluvius.media.core.sweep;

import static io.fluvius.media.core.io.GeneratedContent.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.core.EntrySelection;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.compress.CompressionMethod;
import io.fluvius.media.core.ledger.BlobLedger;
import io.fluvius.media.core.ledger.ContentLocks;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.TestClock;
import io.fluvius.media.core.ledger.StorageIntent;
import io.fluvius.media.core.pipeline.CopyPipeline;
import io.fluvius.media.core.pipeline.ReadPipeline;
import io.fluvius.media.core.records.RecordQuery;
import io.fluvius.media.core.records.NullMediaManager;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.core.storage.LocalDriver;

/**
 * What the sweeps of media-batch stand on, in plain Java: moves re-store an entry elsewhere or otherwise
 * compressed and switch it only once the new bytes verified; re-compressed copies are new entries; merges
 * collapse duplicate blobs onto one verified canonical blob; reads follow an entry that moved under them.
 */
class MovesAndMergesTest {

    private static final int BLOCK = 4096;

    @TempDir
    Path dataDir;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T00:00:00Z"));
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

    /** Puts whose duplicates stay apart, for the merges to collapse. */
    private MediaInterface withoutDedup() {
        return media(MediaSettings.DEFAULTS.withBlockSize(BLOCK).withDedup(false));
    }

    /** Flips one bit of what an entry stored on filesystem {@code file}, behind the service's back. */
    private void flipStoredBit(MediaEntry entry, int offset) throws IOException {
        Path file = dataDir.resolve("media").resolve(entry.getFsPath());
        byte[] stored = Files.readAllBytes(file);
        stored[offset] ^= 1;
        Files.write(file, stored);
    }

    private static byte[] text(int size, long seed) {
        var random = new Random(seed);
        var out = new StringBuilder();
        while (out.length() < size) {
            out.append("line ").append(random.nextInt(1000)).append(" of a compressible text\n");
        }
        return out.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aMoveToAnotherFilesystemKeepsTheIdAndLeavesTheOldBlobToGarbageCollection() {
        byte[] content = randomBytes(1, 50_000);
        MediaEntry entry = media.put(content, PutOptions.named("m.bin"));

        MediaEntry moved = media.move(entry.getId(), "other", null).orElseThrow();

        assertEquals(entry.getId(), moved.getId());
        assertEquals("other", moved.getFsKey());
        assertNotEquals(entry.blobId(), moved.blobId());
        assertArrayEquals(content, media.get(entry.getId()));
        MediaBlob old = records.fetch(MediaBlob.class, entry.blobId()).orElseThrow();
        assertEquals(0, old.getRefCount());
        assertEquals(1, media.collectGarbage(Duration.ZERO).blobsRemoved());
        assertArrayEquals(content, media.get(entry.getId()));
    }

    @Test
    void aMoveThatIsDoneAlreadyChangesNothing() {
        MediaEntry entry = media.put(randomBytes(2, 10_000), PutOptions.named("m.bin"));
        MediaEntry moved = media.move(entry.getId(), "other", null).orElseThrow();

        MediaEntry again = media.move(entry.getId(), "other", null).orElseThrow();

        assertEquals(moved.blobId(), again.blobId());
        assertEquals(moved.getUpdated(), again.getUpdated());
    }

    @Test
    void reCompressingInPlaceShrinksCompressibleContentAndReadsStayIdenticalRangesIncluded() throws IOException {
        byte[] content = text(200_000, 3);
        MediaEntry entry = media.put(content, PutOptions.named("t.txt"));

        MediaEntry moved = media.move(entry.getId(), null, "zstd").orElseThrow();

        assertEquals(CompressionMethod.ZSTD, moved.getCompress());
        assertTrue(moved.getStoredLength() < entry.getStoredLength() / 2, moved::toString);
        assertEquals(moved.getStoredLength(),
                records.fetch(MediaBlob.class, moved.blobId()).orElseThrow().getStoredLength());
        assertArrayEquals(content, media.get(entry.getId()));
        try (InputStream range = media.open(entry.getId(), 123_456, 5_000)) {
            assertArrayEquals(Arrays.copyOfRange(content, 123_456, 128_456), range.readAllBytes());
        }
        MediaEntry back = media.move(entry.getId(), null, "none").orElseThrow();
        assertNull(back.getCompress());
        assertEquals(content.length, back.getStoredLength());
        assertArrayEquals(content, media.get(entry.getId()));
    }

    @Test
    void aMoveOfCorruptBytesFailsAndLeavesTheEntryAndNoNewBytes() throws IOException {
        MediaEntry entry = media.put(text(100_000, 4), PutOptions.named("t.txt"));
        flipStoredBit(entry, 50_000);
        int keysBefore = keys("other").size();

        assertThrows(MediaIntegrityException.class, () -> media.move(entry.getId(), "other", "gzip"));

        assertEquals(entry.blobId(), media.getMetadata(entry.getId()).blobId());
        assertEquals(keysBefore, keys("other").size(), "what the failed move wrote is deleted");
    }

    @Test
    void aMoveWithDedupOnReferencesIdenticalContentStoredThereFirst() {
        byte[] content = randomBytes(5, 30_000);
        MediaEntry there = media.put(content, PutOptions.named("a.bin").withFsKey("other"));
        MediaEntry entry = media.put(content, PutOptions.named("b.bin"));

        MediaEntry moved = media.move(entry.getId(), "other", null).orElseThrow();

        assertEquals(there.blobId(), moved.blobId());
        assertEquals(2, records.fetch(MediaBlob.class, there.blobId()).orElseThrow().getRefCount());
        assertEquals(1, keys("other").size());
    }

    @Test
    void aCopyReCompressedIsANewEntryCheckedByHash() {
        byte[] content = text(80_000, 6);
        MediaEntry source = media.put(content, PutOptions.named("t.txt"));

        MediaEntry copy = media.copy(source.getId(), "other", "gzip");

        assertEquals(CompressionMethod.GZIP, copy.getCompress());
        assertEquals(source.getId(), copy.getSourceId());
        assertEquals(List.of(copy), media.copiesOf(source.getId(), "other", 10));
        assertArrayEquals(content, media.get(copy.getId()));
        assertArrayEquals(content, media.get(source.getId()));
    }

    @Test
    void aReadThatFindsTheOldBytesGoneFollowsTheEntryToItsNewOnes() throws IOException {
        byte[] content = randomBytes(7, 40_000);
        MediaEntry stale = media.put(content, PutOptions.named("r.bin"));
        media.move(stale.getId(), "other", null).orElseThrow();
        media.collectGarbage(Duration.ZERO); // the old bytes are gone

        // A reader that fetched the entry before the move opens it after the old bytes went.
        var reads = new ReadPipeline(Filesystems.of(storage, records),
                new BlobLedger(records, clock, Duration.ofMinutes(2), ContentLocks.disabled()));
        try (InputStream in = reads.open(stale)) {
            assertArrayEquals(content, in.readAllBytes());
        }
        try (InputStream in = reads.open(stale, 100, 200)) {
            assertArrayEquals(Arrays.copyOfRange(content, 100, 300), in.readAllBytes());
        }
    }

    @Test
    void aCopyOfAnEntryDeletedAndCollectedBeforeItsBytesAreReadIsNotFoundAndLeavesNothing() {
        byte[] content = randomBytes(7, 40_100);
        MediaEntry stale = media.put(content, PutOptions.named("c.bin"));
        media.delete(stale.getId());
        media.collectGarbage(Duration.ZERO); // blob and bytes gone

        // A copy that fetched the source before the delete: garbage collection took its blob meanwhile.
        assertThrows(MediaNotFoundException.class, () -> copies().copy(stale, "other", null));
        assertNothingStoredOn("other");
    }

    @Test
    void aCopyOfAnEntryWhoseBytesGoAfterItReadItsBlobIsNotFoundAndLeavesNothing() throws IOException {
        byte[] content = randomBytes(7, 40_200);
        MediaEntry stale = media.put(content, PutOptions.named("c.bin"));
        media.delete(stale.getId());
        // Garbage collection between the copy's look at the blob and its read: the row is still as the copy saw
        // it, the bytes are gone.
        Files.delete(dataDir.resolve("media").resolve(stale.getFsPath()));

        assertThrows(MediaNotFoundException.class, () -> copies().copy(stale, "other", null));
        assertNothingStoredOn("other");
    }

    @Test
    void aCopyOfAnEntryThatExistsButLostItsBytesStaysAnIntegrityError() throws IOException {
        MediaEntry entry = media.put(randomBytes(7, 40_300), PutOptions.named("c.bin"));
        Files.delete(dataDir.resolve("media").resolve(entry.getFsPath()));

        assertThrows(MediaIntegrityException.class, () -> media.copy(entry.getId(), "other"));
        assertNothingStoredOn("other");
    }

    @Test
    void aMoveOfAnEntryDeletedAndCollectedMeanwhileMovesNothing() {
        MediaEntry stale = media.put(randomBytes(7, 40_400), PutOptions.named("m.bin"));
        media.delete(stale.getId());
        media.collectGarbage(Duration.ZERO);

        assertTrue(copies().move(stale, "other", null).isEmpty(), "nothing to move");
        assertNothingStoredOn("other");
    }

    private CopyPipeline copies() {
        return new CopyPipeline(MediaSettings.DEFAULTS.withBlockSize(BLOCK), records, Filesystems.of(storage, records),
                new BlobLedger(records, clock, Duration.ofMinutes(2), ContentLocks.disabled()), clock);
    }

    private void assertNothingStoredOn(String fsKey) {
        try (MediaConnection other = storage.getConnection(fsKey)) {
            assertEquals(List.of(), other.list(""), "bytes left on " + fsKey);
        }
        assertEquals(0, records.count(StorageIntent.class, RecordQuery.where(Map.of())), "intents left");
    }

    @Test
    void mergingDuplicatesLeavesOneCanonicalBlobAndEveryEntryReadable() {
        MediaInterface plain = withoutDedup();
        byte[] content = randomBytes(8, 20_000);
        List<MediaEntry> entries = List.of(plain.put(content, PutOptions.named("1.bin")),
                plain.put(content, PutOptions.named("2.bin")), plain.put(content, PutOptions.named("3.bin")),
                plain.put(content, PutOptions.named("4.bin")));
        plain.put(content, PutOptions.named("elsewhere.bin").withFsKey("other")); // another filesystem: no duplicate
        assertEquals(List.of(entries.get(0).getFilehash()), media.duplicatedContents(null, 10));

        MergeReport report = media.mergeDuplicates(entries.get(0).getFilehash());

        assertEquals(3, report.blobsMerged());
        assertEquals(3, report.entriesRepointed());
        assertEquals(List.of(), report.corruptBlobs());
        var blobIds = entries.stream().map(e -> media.getMetadata(e.getId()).blobId()).distinct().toList();
        assertEquals(1, blobIds.size());
        MediaBlob canonical = records.fetch(MediaBlob.class, blobIds.get(0)).orElseThrow();
        assertEquals(4, canonical.getRefCount());
        assertNotNull(canonical.getDedupKey(), "canonical: later puts with dedup on reference it");
        assertEquals(3, media.collectGarbage(Duration.ZERO).blobsRemoved());
        assertEquals(1, keys("file").size());
        for (int i = 0; i < 3; i++) {
            media.delete(entries.get(i).getId());
        }
        media.collectGarbage(Duration.ZERO);
        assertArrayEquals(content, media.get(entries.get(3).getId()));
        assertEquals(MergeReport.NONE, media.mergeDuplicates(entries.get(0).getFilehash()));
    }

    @Test
    void aCorruptDuplicateIsReportedAndNeverBecomesTheCanonicalBlob() throws IOException {
        MediaInterface plain = withoutDedup();
        byte[] content = randomBytes(9, 20_000);
        MediaEntry first = plain.put(content, PutOptions.named("1.bin"));
        MediaEntry second = plain.put(content, PutOptions.named("2.bin"));
        MediaEntry third = plain.put(content, PutOptions.named("3.bin"));
        plain.copy(first.getId(), null); // first's blob is the most referenced: the first candidate
        flipStoredBit(first, 7);

        MergeReport report = media.mergeDuplicates(first.getFilehash());

        assertEquals(List.of(first.blobId()), report.corruptBlobs());
        UUID survivor = media.getMetadata(second.getId()).blobId();
        assertEquals(survivor, media.getMetadata(third.getId()).blobId());
        assertArrayEquals(content, media.get(second.getId()));
        assertArrayEquals(content, media.get(first.getId()), "the entries of the corrupt blob now read intact bytes");
    }

    @Test
    void selectionPagesByCreationWithExclusiveBounds() {
        MediaEntry a = media.put(randomBytes(10, 100), PutOptions.named("a").withResource("r", "1"));
        clock.advance(Duration.ofSeconds(1));
        MediaEntry b = media.put(randomBytes(11, 100), PutOptions.named("b").withResource("r", "1"));
        clock.advance(Duration.ofSeconds(1));
        MediaEntry c = media.put(randomBytes(12, 100), PutOptions.named("c").withResource("r", "2"));
        clock.advance(Duration.ofSeconds(1));
        media.put(randomBytes(13, 100), PutOptions.named("d").withResource("other", "1"));

        var byResource = new EntrySelection("r", null, null, null, null);
        assertEquals(List.of(a, b, c), media.selectEntries(byResource, null, null, 10));
        assertEquals(List.of(b, c), media.selectEntries(byResource, a.getCreated(), a.getId(), 10));
        assertEquals(List.of(b), media.selectEntries(new EntrySelection("r", null, "file", a.getCreated(),
                c.getCreated()), null, null, 10));
        assertEquals(List.of(c), media.selectEntries(new EntrySelection("r", "2", null, null, null), null, null, 10));
    }

    private List<String> keys(String fsKey) {
        try (MediaConnection connection = Filesystems.of(storage, records).connect(fsKey)) {
            return connection.list("").stream().map(info -> info.key()).toList();
        }
    }
}
