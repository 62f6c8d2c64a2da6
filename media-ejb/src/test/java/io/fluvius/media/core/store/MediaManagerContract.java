package io.fluvius.media.core.store;

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

import org.junit.jupiter.api.Test;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaFilesystem;

/**
 * What every {@link MediaManager} must do alike; each implementation's test extends this. Records are
 * created with unique resources so that a shared database does not disturb the assertions.
 */
public abstract class MediaManagerContract {

    protected abstract MediaManager manager();

    private final String resource = "contract-" + UUID.randomUUID();
    private final Instant base = Instant.parse("2026-01-01T00:00:00Z");

    protected MediaEntry entry(String resourceId, Instant created) {
        return MediaEntry.builder().id(UUID.randomUUID()).filename("f.bin").filehash("ab".repeat(32))
                .filemime("application/octet-stream").length(3).storedLength(3).fsKey("file")
                .fsPath("sha256/ab/ab/" + "ab".repeat(32)).resource(resource).resourceId(resourceId)
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

    @Test
    void createBuildsARecordWithoutStoringIt() {
        MediaEntry created = manager().create(MediaEntry.class, Map.of("filename", "x.txt", "filehash", "cd".repeat(32),
                "filemime", "text/plain", "length", 5, "fsKey", "file", "fsPath", "k", "resource", resource));
        assertEquals("x.txt", created.getFilename());
        assertEquals(5, created.getLength());
        assertTrue(manager().fetch(MediaEntry.class, created.getId()).isEmpty());
    }

    @Test
    void negativePagingIsAnInvalidRequest() {
        assertThrows(InvalidMediaRequestException.class, () -> new RecordQuery(Map.of(), -1, 0));
        assertThrows(InvalidMediaRequestException.class, () -> new RecordQuery(Map.of(), 10, -1));
        assertEquals(RecordQuery.DEFAULT_LIMIT, new RecordQuery(Map.of(), 0, 0).limit());
        assertEquals(RecordQuery.MAX_FETCH, new RecordQuery(Map.of(), 5000, 0).limit());
    }
}
