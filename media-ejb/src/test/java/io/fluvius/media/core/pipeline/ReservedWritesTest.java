package io.fluvius.media.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.io.Sha256;
import io.fluvius.media.core.ledger.GarbageReport;
import io.fluvius.media.core.ledger.SharedContentRace;
import io.fluvius.media.core.ledger.StorageIntent;
import io.fluvius.media.core.ledger.TestClock;
import io.fluvius.media.core.records.NullMediaManager;
import io.fluvius.media.core.records.RecordQuery;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.core.storage.LocalDriver;

/** Write intents taken ahead in batches (media.upload.reserve): fewer commits, and nothing they leave is lost. */
class ReservedWritesTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dataDir;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T00:00:00Z"));
    private CountingManager records;
    private MediaConnectionFactory storage;

    @BeforeEach
    void start() {
        records = new CountingManager();
        storage = LocalDriver.connectionFactory(dataDir, "file");
    }

    private MediaInterface media(int reserve, Clock time) {
        return new MediaInterface(MediaSettings.DEFAULTS.withUploadLease(LEASE).withWriteReserve(reserve), records,
                Filesystems.of(storage, records), time);
    }

    @Test
    void putsOfNewContentShareTheCommitOfTheirWriteIntents() {
        int oneEach = transactionsOfPuts(media(1, clock), 8);
        int reserved = transactionsOfPuts(media(4, clock), 8);

        assertEquals(16, oneEach, "an intent and a publication per put");
        assertEquals(10, reserved, "two batches of four intents, and a publication per put");
    }

    @Test
    void reservedIntentsNoPutTookAreReleasedAndStoredBytesStay() {
        MediaInterface media = media(4, clock);
        List<MediaEntry> entries = putNew(media, 2);
        assertEquals(2, writeIntents(), "two of the batch are left for the next puts");

        media.releaseReservedWrites();

        assertEquals(0, writeIntents());
        assertReadable(media, entries);
    }

    @Test
    void reservedIntentsOfAStoppedServerAreCollectedAfterTheirLeaseWithoutTouchingStoredBytes() {
        MediaInterface media = media(4, clock);
        List<MediaEntry> entries = putNew(media, 3);
        assertEquals(1, writeIntents());

        assertEquals(0, media.collectGarbage(Duration.ZERO).uploadsRemoved(), "within its lease it is kept");
        clock.advance(LEASE.plusSeconds(1));
        GarbageReport report = media.collectGarbage(Duration.ZERO);

        assertEquals(1, report.uploadsRemoved());
        assertEquals(0, report.failures());
        assertEquals(0, writeIntents());
        assertReadable(media(1, clock), entries);
    }

    @Test
    void anIntentThatAgedInTheReserveIsNotHandedOutAndThePutStillSucceeds() {
        MediaInterface media = media(4, clock);
        putNew(media, 1);
        int before = records.transactions.get();

        clock.advance(LEASE.dividedBy(2)); // the three left have half their lease: too little for a new write
        List<MediaEntry> later = putNew(media, 1);

        assertEquals(2, records.transactions.get() - before, "a new batch, then the publication");
        clock.advance(LEASE.dividedBy(2).plusSeconds(1)); // the aged ones run out; the new batch's have not
        assertEquals(3, media.collectGarbage(Duration.ZERO).uploadsRemoved());
        assertEquals(3, writeIntents(), "the rest of the new batch");
        assertReadable(media, later);
    }

    @Test
    void sharedContentSurvivesRacingPutsDeletesAndGarbageCollectionWithReservedIntents() throws Exception {
        // Real time: the lease must not run out under the test clock while the race runs.
        MediaInterface racing = media(8, Clock.systemUTC());
        byte[] content = new byte[4096];
        new Random(5).nextBytes(content);

        var outcome = SharedContentRace.run(racing, records, content, "reserve-" + UUID.randomUUID(), 8, 100);

        assertEquals(List.of(), outcome.failures());
        assertEquals(outcome.rounds(), outcome.puts());
        assertTrue(outcome.collections() > 0, "garbage collection ran beside the race");
    }

    private int transactionsOfPuts(MediaInterface media, int puts) {
        int before = records.transactions.get();
        putNew(media, puts);
        return records.transactions.get() - before;
    }

    private List<MediaEntry> putNew(MediaInterface media, int puts) {
        List<MediaEntry> entries = new ArrayList<>();
        for (int i = 0; i < puts; i++) {
            entries.add(media.put(bytes(entries.size() + records.transactions.get() * 31L),
                    PutOptions.named("reserved-" + i + ".bin")));
        }
        return entries;
    }

    private void assertReadable(MediaInterface media, List<MediaEntry> entries) {
        for (MediaEntry entry : entries) {
            byte[] read = media.get(entry.getId());
            assertEquals(entry.getLength(), read.length);
            assertEquals(entry.getFilehash(), Sha256.hex(Sha256.newDigest().digest(read)));
        }
    }

    private long writeIntents() {
        return records.count(StorageIntent.class, RecordQuery.where(Map.of("kind", StorageIntent.Kind.WRITE)));
    }

    private static byte[] bytes(long seed) {
        byte[] bytes = new byte[4096];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The in-memory manager, counting its transactions. */
    private static final class CountingManager extends NullMediaManager {

        final AtomicInteger transactions = new AtomicInteger();

        @Override
        public <T> T inNewTransaction(Supplier<T> work) {
            transactions.incrementAndGet();
            return super.inNewTransaction(work);
        }
    }
}
