package io.fluvius.media.core.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.io.BlockChecksums;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.StoredContent;

/**
 * What every {@link MediaManager} must do alike; each implementation's test extends this. Records are
 * created with unique resources so that a shared database does not disturb the assertions.
 */
public abstract class MediaManagerContract {

    protected abstract MediaManager manager();

    private final String resource = "contract-" + UUID.randomUUID();
    private final Instant base = Instant.parse("2026-01-01T00:00:00Z");

    private MediaBlob blob;

    /** The blob the contract's entries reference (the database requires one). */
    @BeforeEach
    void storeABlob() {
        blob = manager().insert(blob(null));
    }

    protected MediaBlob blob(String dedupKey) {
        UUID id = UUID.randomUUID();
        return MediaBlob.stored(id, "file", "contract/" + id, new StoredContent("ab".repeat(32), 3, 7L, null, 3,
                BlockChecksums.none()), dedupKey, base);
    }

    protected MediaEntry entry(String resourceId, Instant created) {
        return MediaEntry.builder().id(UUID.randomUUID()).blob(blob).filename("f.bin")
                .filemime("application/octet-stream").resource(resource).resourceId(resourceId)
                .metadata(Map.of("k", "v")).created(created).build();
    }

    @Test
    void insertedEntryIsFetchedWithAllItsValues() {
        MediaEntry entry = manager().insert(entry("r1", base));
        MediaEntry fetched = manager().fetch(MediaEntry.class, entry.getId()).orElseThrow();
        assertEquals(entry.getFilehash(), fetched.getFilehash());
        assertEquals(entry.getResourceId(), fetched.getResourceId());
        assertEquals(Map.of("k", "v"), fetched.getMetadata());
        assertEquals(entry.getCreated(), fetched.getCreated());
    }

    @Test
    void aRecordMadeJustNowIsStoredWithoutALookUpAndFetchedWithAllItsValues() {
        MediaEntry entry = manager().insertNew(entry("r-new", base));
        MediaEntry fetched = manager().fetch(MediaEntry.class, entry.getId()).orElseThrow();
        assertEquals(entry.getFilehash(), fetched.getFilehash());
        assertEquals(Map.of("k", "v"), fetched.getMetadata());
        assertEquals(1, manager().count(MediaEntry.class, RecordQuery.where(Map.of("resourceId", "r-new"))));
    }

    @Test
    void fetchOfAnUnknownIdIsEmpty() {
        assertTrue(manager().fetch(MediaEntry.class, UUID.randomUUID()).isEmpty());
    }

    @Test
    void queryFiltersOnEveryGivenPropertyAndIgnoresNullOnes() {
        manager().insert(entry("r1", base));
        manager().insert(entry("r1", base.plusSeconds(1)));
        manager().insert(entry("r2", base.plusSeconds(2)));

        var byResourceId = new HashMap<String, Object>();
        byResourceId.put("resource", resource);
        byResourceId.put("resourceId", "r1");
        assertEquals(2, manager().query(MediaEntry.class, new RecordQuery(byResourceId, 10, 0)).size());

        var resourceOnly = new HashMap<String, Object>();
        resourceOnly.put("resource", resource);
        resourceOnly.put("resourceId", null);
        assertEquals(3, manager().count(MediaEntry.class, RecordQuery.where(resourceOnly)));
    }

    @Test
    void queryOrdersByCreatedThenIdAndPagesStably() {
        // Several entries share a timestamp: the id must break the tie the same way every time.
        for (int i = 0; i < 12; i++) {
            manager().insert(entry("page", base.plus(i / 3, ChronoUnit.SECONDS)));
        }
        var filters = Map.<String, Object>of("resource", resource);
        var all = manager().query(MediaEntry.class, new RecordQuery(filters, 100, 0)).stream()
                .map(MediaEntry::getId).toList();
        var paged = new ArrayList<UUID>();
        for (int offset = 0; offset < 12; offset += 5) {
            manager().query(MediaEntry.class, new RecordQuery(filters, 5, offset)).forEach(e -> paged.add(e.getId()));
        }
        assertEquals(all, paged);
        assertEquals(12, all.size());
        List<MediaEntry> entries = manager().query(MediaEntry.class, new RecordQuery(filters, 100, 0));
        for (int i = 1; i < entries.size(); i++) {
            MediaEntry previous = entries.get(i - 1);
            MediaEntry current = entries.get(i);
            int byCreated = previous.getCreated().compareTo(current.getCreated());
            assertTrue(byCreated < 0 || (byCreated == 0
                    && previous.getId().toString().compareTo(current.getId().toString()) < 0),
                    "ordered by created, then id");
        }
    }

    @Test
    void aKeysetStartContinuesRightAfterTheGivenRecordAcrossTiedTimestamps() {
        // Three entries per timestamp: a page boundary inside a tie must neither skip nor repeat one.
        for (int i = 0; i < 12; i++) {
            manager().insert(entry("keyset", base.plus(i / 3, ChronoUnit.SECONDS)));
        }
        var filters = Map.<String, Object>of("resource", resource, "resourceId", "keyset");
        var all = manager().query(MediaEntry.class, new RecordQuery(filters, 100, 0)).stream()
                .map(MediaEntry::getId).toList();

        var walked = new ArrayList<UUID>();
        var query = new RecordQuery(filters, 5, 0);
        while (true) {
            List<MediaEntry> page = manager().query(MediaEntry.class, query);
            page.forEach(e -> walked.add(e.getId()));
            if (page.size() < 5) {
                break;
            }
            MediaEntry last = page.get(page.size() - 1);
            query = query.after(List.of(last.getCreated(), last.getId()));
        }

        assertEquals(all, walked, "every record once, in order");
        MediaEntry fourth = manager().fetch(MediaEntry.class, all.get(3)).orElseThrow();
        assertEquals(all.subList(4, 6), manager().query(MediaEntry.class, new RecordQuery(filters, 2, 0)
                .after(List.of(fourth.getCreated(), fourth.getId()))).stream().map(MediaEntry::getId).toList());
    }

    @Test
    void removeDeletesOnceAndReportsWhetherItDid() {
        MediaEntry entry = manager().insert(entry("r", base));
        assertTrue(manager().remove(entry));
        assertFalse(manager().remove(entry));
        assertTrue(manager().fetch(MediaEntry.class, entry.getId()).isEmpty());
    }

    @Test
    void insertingAFilesystemAgainReplacesIt() {
        String key = "fs-" + UUID.randomUUID().toString().substring(0, 8);
        manager().insert(new MediaFilesystem(key, "memory", "first", Map.of("a", "1"), base));
        manager().insert(new MediaFilesystem(key, "memory", "second", Map.of("b", "2"), base));
        MediaFilesystem fetched = manager().fetch(MediaFilesystem.class, key).orElseThrow();
        assertEquals("second", fetched.getName());
        assertEquals(Map.of("b", "2"), fetched.getParams());
    }

    /** What the remote view returns travels serialised to clients that have the product's classes, not the server's. */
    @Test
    void fetchedRecordsSerialiseAsPlainValues() throws Exception {
        String key = "fs-" + UUID.randomUUID().toString().substring(0, 8);
        MediaEntry entry = manager().insert(entry("travels", base));
        manager().insert(new MediaFilesystem(key, "memory", "remote", Map.of("region", "r1"), base));
        MediaEntry fetchedEntry = manager().fetch(MediaEntry.class, entry.getId()).orElseThrow();
        MediaFilesystem fetchedFilesystem = manager().fetch(MediaFilesystem.class, key).orElseThrow();

        MediaEntry entryCopy = (MediaEntry) PlainSerialisation.roundTrip(fetchedEntry);
        MediaFilesystem filesystemCopy = (MediaFilesystem) PlainSerialisation.roundTrip(fetchedFilesystem);

        assertEquals(entry.getFilehash(), entryCopy.getFilehash());
        assertEquals(Map.of("k", "v"), entryCopy.getMetadata());
        assertEquals("remote", filesystemCopy.getName());
        assertEquals(Map.of("region", "r1"), filesystemCopy.getParams());
    }

    @Test
    void createBuildsARecordWithoutStoringIt() {
        MediaEntry created = manager().create(MediaEntry.class, Map.of("filename", "x.txt", "filehash", "cd".repeat(32),
                "filemime", "text/plain", "length", 5, "fsKey", "file", "fsPath", "k", "resource", resource,
                "blobId", blob.getId().toString()));
        assertEquals("x.txt", created.getFilename());
        assertEquals(5, created.getLength());
        assertTrue(manager().fetch(MediaEntry.class, created.getId()).isEmpty());
    }

    @Test
    void aTransactionWhoseWorkFailsLeavesNothingBehind() {
        MediaEntry entry = entry("rolled-back", base);
        assertThrows(InvalidMediaRequestException.class, () -> manager().inTransaction(() -> {
            manager().insert(entry);
            throw new InvalidMediaRequestException("the work fails after its insert");
        }));
        assertTrue(manager().fetch(MediaEntry.class, entry.getId()).isEmpty());
    }

    @Test
    void aNewTransactionCommitsWhateverTheRunningOneDoes() {
        MediaEntry inner = entry("inner", base);
        MediaEntry outer = entry("outer", base);
        assertThrows(InvalidMediaRequestException.class, () -> manager().inTransaction(() -> {
            manager().insert(outer);
            manager().inNewTransaction(() -> manager().insert(inner));
            throw new InvalidMediaRequestException("the outer work fails");
        }));
        assertTrue(manager().fetch(MediaEntry.class, inner.getId()).isPresent(), "committed on its own");
        assertTrue(manager().fetch(MediaEntry.class, outer.getId()).isEmpty(), "rolled back");
    }

    @Test
    void lockReturnsTheCurrentRecordOrNothing() {
        MediaEntry entry = manager().insert(entry("locked", base));
        assertEquals(entry.getId(), manager().inTransaction(() -> manager().lock(MediaEntry.class, entry.getId()))
                .orElseThrow().getId());
        assertTrue(manager().inTransaction(() -> manager().lock(MediaEntry.class, UUID.randomUUID())).isEmpty());
        MediaBlob canonical = manager().insert(blob("contract-dedup-" + UUID.randomUUID()));
        assertEquals(canonical.getId(), manager().inTransaction(() -> manager().lockFirst(MediaBlob.class,
                RecordQuery.where(Map.of("dedupKey", canonical.getDedupKey())))).orElseThrow().getId());
        manager().inTransaction(() -> {
            manager().lockContent(canonical.getDedupKey()); // any key: the slots always exist
            return null;
        });
    }

    @Test
    void aLockedRecordReadsItsCommittedStateAndStoresTheNewOne() {
        MediaBlob stored = manager().insert(blob(null));
        manager().fetch(MediaBlob.class, stored.getId()).orElseThrow();
        manager().inTransaction(() -> manager().insert(manager().lock(MediaBlob.class, stored.getId())
                .orElseThrow().referenced()));
        MediaBlob twice = manager().inTransaction(() -> manager().insert(manager().lock(MediaBlob.class, stored.getId())
                .orElseThrow().referenced()));
        assertEquals(3, twice.getRefCount());
        assertEquals(3, manager().fetch(MediaBlob.class, stored.getId()).orElseThrow().getRefCount());
    }

    @Test
    void concurrentChangesUnderTheSameLockAreNeverLost() throws Exception {
        MediaBlob byId = manager().insert(blob(null));
        MediaBlob byKey = manager().insert(blob("contract-dedup-" + UUID.randomUUID()));
        int threads = 4;
        int rounds = 50;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            var done = new ArrayList<java.util.concurrent.Future<?>>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        manager().inTransaction(() -> manager().insert(manager().lock(MediaBlob.class, byId.getId())
                                .orElseThrow().referenced()));
                        manager().inTransaction(() -> {
                            manager().lockContent(byKey.getDedupKey());
                            return manager().insert(manager().lockFirst(MediaBlob.class,
                                    RecordQuery.where(Map.of("dedupKey", byKey.getDedupKey()))).orElseThrow().referenced());
                        });
                    }
                    return null;
                }));
            }
            for (var future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1 + threads * rounds, manager().fetch(MediaBlob.class, byId.getId()).orElseThrow().getRefCount());
        assertEquals(1 + threads * rounds, manager().query(MediaBlob.class,
                RecordQuery.where(Map.of("id", byKey.getId()))).get(0).getRefCount());
    }

    @Test
    void anUpperBoundKeepsOnlyRecordsAtOrBelowItAndNeverNulls() {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        MediaBlob old = manager().insert(blob(null).released(now.minusSeconds(60)));
        MediaBlob fresh = manager().insert(blob(null).released(now.plusSeconds(60)));
        MediaBlob referenced = manager().insert(blob(null));
        var found = manager().query(MediaBlob.class, new RecordQuery(Map.of(), RecordQuery.MAX_LIMIT, 0)
                .atMost("unreferencedAt", now)).stream().map(MediaBlob::getId).toList();
        assertTrue(found.contains(old.getId()));
        assertFalse(found.contains(fresh.getId()));
        assertFalse(found.contains(referenced.getId()));
    }

    @Test
    void negativePagingIsAnInvalidRequest() {
        assertThrows(InvalidMediaRequestException.class, () -> new RecordQuery(Map.of(), -1, 0));
        assertThrows(InvalidMediaRequestException.class, () -> new RecordQuery(Map.of(), 10, -1));
        assertEquals(RecordQuery.DEFAULT_LIMIT, new RecordQuery(Map.of(), 0, 0).limit());
        assertEquals(RecordQuery.MAX_FETCH, new RecordQuery(Map.of(), 5000, 0).limit());
    }
}
