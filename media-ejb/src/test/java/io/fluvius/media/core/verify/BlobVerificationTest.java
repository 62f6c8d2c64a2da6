package io.fluvius.media.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.records.NullMediaManager;
import io.fluvius.media.core.storage.LocalDriver;

/** {@link MediaInterface#verifyBlob} and the ledger walk a sweep makes, on the in-memory manager. */
class BlobVerificationTest {

    private static final int BLOCK = 4096;

    @TempDir
    Path dataDir;

    private MediaInterface media;

    @BeforeEach
    void start() {
        media = new MediaInterface(MediaSettings.DEFAULTS.withBlockSize(BLOCK), new NullMediaManager(),
                LocalDriver.connectionFactory(dataDir, "file"));
    }

    @Test
    void intactBlobsVerifyRawAndCompressed() {
        MediaEntry raw = media.put(randomBytes(5 * BLOCK + 17, 1), PutOptions.named("raw.bin"));
        MediaEntry zipped = media.put(text(40_000), PutOptions.named("text.txt").withCompress("GZIP"));

        for (MediaEntry entry : List.of(raw, zipped)) {
            BlobVerification found = media.verifyBlob(entry.blobId()).orElseThrow();
            assertEquals(BlobVerification.Outcome.INTACT, found.outcome(), found.detail());
            assertEquals(entry.getStoredLength(), found.bytesRead());
        }
    }

    @Test
    void oneFlippedBitIsCorrupt() throws IOException {
        MediaEntry entry = media.put(randomBytes(3 * BLOCK, 2), PutOptions.named("a.bin"));
        flipBit(entry, 2 * BLOCK + 5);

        BlobVerification found = media.verifyBlob(entry.blobId()).orElseThrow();

        assertEquals(BlobVerification.Outcome.CORRUPT, found.outcome());
        assertTrue(found.detail().contains("block 2"), found.detail());
    }

    @Test
    void flippedBitOfCompressedBlobIsCorrupt() throws IOException {
        MediaEntry entry = media.put(text(40_000), PutOptions.named("t.txt").withCompress("GZIP"));
        flipBit(entry, entry.getStoredLength() / 2);

        assertEquals(BlobVerification.Outcome.CORRUPT, media.verifyBlob(entry.blobId()).orElseThrow().outcome());
    }

    @Test
    void deletedBytesAreMissing() throws IOException {
        MediaEntry entry = media.put(randomBytes(1000, 3), PutOptions.named("gone.bin"));
        Files.delete(stored(entry));

        BlobVerification found = media.verifyBlob(entry.blobId()).orElseThrow();

        assertEquals(BlobVerification.Outcome.MISSING, found.outcome());
        assertEquals(entry.blobId(), found.blobId());
    }

    @Test
    void aBlobNoLongerInTheLedgerIsNoFinding() {
        assertTrue(media.verifyBlob(UUID.randomUUID()).isEmpty());
    }

    @Test
    void keysetPagesWalkEveryBlobOnceAndNameTheirEntries() {
        var entries = new ArrayList<MediaEntry>();
        for (int i = 0; i < 7; i++) {
            entries.add(media.put(randomBytes(100, 10 + i), PutOptions.named("f" + i)));
        }
        MediaEntry twin = media.put(randomBytes(100, 10), PutOptions.named("twin"));

        var seen = new HashSet<UUID>();
        UUID after = null;
        for (List<MediaBlob> page = media.listBlobs(null, 3); !page.isEmpty();
             page = media.listBlobs(after, 3)) {
            assertTrue(page.size() <= 3);
            for (MediaBlob blob : page) {
                assertTrue(seen.add(blob.getId()), "seen twice: " + blob.getId());
            }
            after = page.get(page.size() - 1).getId();
        }
        assertEquals(7, seen.size());
        assertEquals(List.of(entries.get(0).getId(), twin.getId()), media.entriesOfBlob(entries.get(0).blobId(), 10));
    }

    private Path stored(MediaEntry entry) {
        return dataDir.resolve("media").resolve(entry.getFsPath());
    }

    private void flipBit(MediaEntry entry, long offset) throws IOException {
        try (var channel = FileChannel.open(stored(entry), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            var one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 1));
            one.rewind();
            channel.write(one, offset);
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] text(int size) {
        var out = new StringBuilder();
        var random = new Random(size);
        while (out.length() < size) {
            out.append("line ").append(random.nextInt(1000)).append(" of compressible text\n");
        }
        return out.substring(0, size).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
