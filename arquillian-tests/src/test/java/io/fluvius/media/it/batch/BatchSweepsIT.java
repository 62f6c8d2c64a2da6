package io.fluvius.media.it.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.compress.CompressionMethod;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.ejb.MediaCore;
import io.fluvius.media.ejb.MediaServiceLocal;
import io.fluvius.media.ejb.jobs.JobExecution;
import io.fluvius.media.ejb.jobs.MediaJobs;
import io.fluvius.media.it.RealmUser;
import io.fluvius.media.it.persistence.TransactionalMediaManager;

/**
 * The sweeps in the server, on its database (H2, and PostgreSQL in the second run): bulk-copy copies and migrates,
 * compress-sweep re-compresses, dedup-sweep merges duplicates, and a sweep failed on purpose restarts without
 * redoing anything. Every test that moves or re-points entries runs orphan-gc at a grace period of 0 in a loop
 * beside it, so that bytes un-referenced too early would be gone at once.
 */
@ExtendWith(ArquillianExtension.class)
class BatchSweepsIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return BatchDeployment.mediaEarWithTests();
    }

    @EJB
    MediaJobs mediaJobs;

    @EJB
    MediaServiceLocal service;

    @Inject
    MediaCore core;

    @Inject
    TransactionalMediaManager records;

    /** The server's managed executor: its threads carry this deployment's security domain and class loader. */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ExecutorService executor;

    private Jobs jobs;
    private MediaInterface media;

    @BeforeEach
    void start() {
        jobs = new Jobs(mediaJobs);
        media = core.media();
    }

    private static String uniqueResource(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static byte[] randomBytes(int size, Random random) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] text(int size, Random random) {
        var out = new StringBuilder();
        while (out.length() < size) {
            out.append("invoice line ").append(random.nextInt(10_000)).append(": compressible text\n");
        }
        return out.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** Puts entries of one resource; returns their contents by id, in the order put. */
    private Map<UUID, byte[]> put(MediaInterface into, String resource, int count, Random random, boolean compressible) {
        var contents = new LinkedHashMap<UUID, byte[]>();
        for (int i = 0; i < count; i++) {
            byte[] content = compressible ? text(2_000 + random.nextInt(20_000), random)
                    : randomBytes(1_000 + random.nextInt(8_000), random);
            MediaEntry entry = into.put(content, PutOptions.named("e" + i + ".bin").withResource(resource, "r" + (i % 7)));
            contents.put(entry.getId(), content);
        }
        return contents;
    }

    @Test
    void bulkCopyCopies500EntriesToMemoryAndARerunSkipsThemAll() throws Exception {
        String resource = uniqueResource("bulk");
        Map<UUID, byte[]> contents = put(media, resource, 500, new Random(1), false);

        JobExecution done;
        try (var gc = new OrphanGcLoop(jobs, executor)) {
            done = jobs.run("bulk-copy", Map.of("destination", "memory", "resource", resource, "chunkSize", "100"));
        }

        assertEquals("COMPLETED", done.status(), done::toString);
        assertEquals(500, done.progress().readCount(), done::toString);
        assertEquals(500, done.progress().writeCount(), done::toString);
        long bytes = 0;
        for (var original : contents.entrySet()) {
            List<MediaEntry> copies = media.copiesOf(original.getKey(), "memory", 10);
            assertEquals(1, copies.size(), "one copy of " + original.getKey());
            assertEquals(resource, copies.get(0).getResource());
            assertArrayEquals(original.getValue(), media.get(copies.get(0).getId()));
            assertArrayEquals(original.getValue(), media.get(original.getKey()));
            bytes += copies.get(0).getStoredLength();
        }
        assertEquals(bytes, done.progress().bytes(), done::toString);

        JobExecution again = jobs.run("bulk-copy", Map.of("destination", "memory", "resource", resource));
        assertEquals("COMPLETED", again.status(), again::toString);
        assertEquals(1000, again.progress().readCount(), again::toString);
        assertEquals(0, again.progress().writeCount(), "nothing is copied twice: " + again);
        // The 500 originals are skipped as copied, the 500 copies as being on the destination already.
        assertEquals(1000, again.progress().filterCount(), again::toString);
    }

    @Test
    void aMigrationBetweenFileFilesystemsKeepsEveryReadWorkingAndLeavesNoOldBlob() throws Exception {
        String archive = "archive-" + UUID.randomUUID().toString().substring(0, 8);
        Path root = Path.of(System.getProperty("jboss.server.data.dir"), "media", "filesystems", archive);
        RealmUser.ADMIN.call(() -> service.registerFilesystem(archive, "file", "Migration target",
                Map.of("root", root.toString())));
        String resource = uniqueResource("move");
        Map<UUID, byte[]> contents = put(media, resource, 200, new Random(2), false);
        Map<UUID, MediaEntry> before = new HashMap<>();
        contents.keySet().forEach(id -> before.put(id, media.getMetadata(id)));

        var reading = new AtomicBoolean(true);
        var reads = new AtomicLong();
        var ids = new ArrayList<>(contents.keySet());
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            var random = new Random(3);
            while (reading.get()) {
                UUID id = ids.get(random.nextInt(ids.size()));
                byte[] expected = contents.get(id);
                if (random.nextBoolean()) {
                    assertArrayEquals(expected, media.get(id), "whole read of " + id);
                } else {
                    int offset = random.nextInt(expected.length);
                    try (InputStream in = media.open(id, offset, 500)) {
                        assertArrayEquals(Arrays.copyOfRange(expected, offset, Math.min(expected.length, offset + 500)),
                                in.readAllBytes(), "range of " + id);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
                reads.incrementAndGet();
            }
        }, executor);

        JobExecution done;
        try (var gc = new OrphanGcLoop(jobs, executor)) {
            done = jobs.run("bulk-copy", Map.of("destination", archive, "move", "true", "resource", resource,
                    "chunkSize", "20"));
            gc.check();
        } finally {
            reading.set(false);
        }
        reader.get(1, TimeUnit.MINUTES); // rethrows what the reader saw

        assertEquals("COMPLETED", done.status(), done::toString);
        assertEquals(200, done.progress().writeCount(), done::toString);
        assertTrue(reads.get() > 0, "the reader read beside the migration");
        media.collectGarbage(Duration.ZERO);
        for (var original : contents.entrySet()) {
            MediaEntry now = media.getMetadata(original.getKey());
            assertEquals(archive, now.getFsKey());
            assertArrayEquals(original.getValue(), media.get(original.getKey()));
            MediaEntry old = before.get(original.getKey());
            assertTrue(records.fetch(MediaBlob.class, old.blobId()).isEmpty(), "the old blob is gone from the ledger");
            try (MediaConnection file = media.getFilesystem("file")) {
                assertTrue(!file.exists(old.getFsPath()), "the old bytes are gone from storage");
            }
        }
        JobExecution again = jobs.run("bulk-copy", Map.of("destination", archive, "move", "true", "resource", resource));
        assertEquals(0, again.progress().writeCount(), "a re-run skips what is done: " + again);
        assertEquals(200, again.progress().filterCount(), again::toString);
    }

    @Test
    void compressSweepTurns200RawEntriesIntoZstdAndReadsStayByteIdentical() throws Exception {
        String resource = uniqueResource("compress");
        Map<UUID, byte[]> contents = put(media, resource, 200, new Random(4), true);

        JobExecution done;
        try (var gc = new OrphanGcLoop(jobs, executor)) {
            done = jobs.run("compress-sweep", Map.of("compress", "zstd", "resource", resource, "chunkSize", "50"));
        }

        assertEquals("COMPLETED", done.status(), done::toString);
        assertEquals(200, done.progress().writeCount(), done::toString);
        var random = new Random(5);
        for (var original : contents.entrySet()) {
            MediaEntry now = media.getMetadata(original.getKey());
            byte[] expected = original.getValue();
            assertEquals(CompressionMethod.ZSTD, now.getCompress());
            assertTrue(now.getStoredLength() < expected.length, "stored " + now.getStoredLength() + " of " + expected.length);
            assertEquals(now.getStoredLength(), records.fetch(MediaBlob.class, now.blobId()).orElseThrow().getStoredLength(),
                    "the ledger shows the new stored length");
            assertArrayEquals(expected, media.get(original.getKey()));
            int offset = random.nextInt(expected.length);
            try (InputStream in = media.open(original.getKey(), offset, 1_000)) {
                assertArrayEquals(Arrays.copyOfRange(expected, offset, Math.min(expected.length, offset + 1_000)),
                        in.readAllBytes());
            }
        }
    }

    @Test
    void dedupSweepCollapses50GroupsOf4IdenticalFilesInto50StoredBlobs() throws Exception {
        MediaInterface dedupOff = core.withSettings(core.settings().withDedup(false));
        String resource = uniqueResource("dedup");
        var random = new Random(6);
        var groups = new ArrayList<List<MediaEntry>>();
        var storedKeys = new HashSet<String>();
        for (int g = 0; g < 50; g++) {
            byte[] content = randomBytes(3_000 + random.nextInt(3_000), random);
            var group = new ArrayList<MediaEntry>();
            for (int i = 0; i < 4; i++) {
                MediaEntry entry = dedupOff.put(content, PutOptions.named("g" + g + "-" + i).withResource(resource, "g" + g));
                group.add(entry);
                storedKeys.add(entry.getFsPath());
            }
            groups.add(group);
        }
        assertEquals(200, storedKeys.size());
        assertEquals(200, countStored(storedKeys), "200 objects on the backend before the sweep");

        JobExecution done;
        try (var gc = new OrphanGcLoop(jobs, executor)) {
            done = jobs.run("dedup-sweep", Map.of("chunkSize", "10"));
        }
        media.collectGarbage(Duration.ZERO);

        assertEquals("COMPLETED", done.status(), done::toString);
        assertTrue(done.progress().writeCount() >= 50, done::toString);
        assertEquals(50, countStored(storedKeys), "50 objects on the backend after it");
        for (List<MediaEntry> group : groups) {
            Set<UUID> blobs = new HashSet<>();
            group.forEach(entry -> blobs.add(media.getMetadata(entry.getId()).blobId()));
            assertEquals(1, blobs.size(), "one blob per group");
            MediaBlob canonical = records.fetch(MediaBlob.class, blobs.iterator().next()).orElseThrow();
            assertEquals(4, canonical.getRefCount());
        }
        List<MediaEntry> group = groups.get(17);
        byte[] expected = dedupOff.get(group.get(3).getId());
        for (int i = 0; i < 3; i++) {
            assertTrue(media.delete(group.get(i).getId()));
        }
        media.collectGarbage(Duration.ZERO);
        assertArrayEquals(expected, media.get(group.get(3).getId()), "the fourth of a group stays readable");
    }

    @Test
    void aCopyFailedMidWayRestartsFromItsLastChunkWithoutASecondCopy() throws Exception {
        String resource = uniqueResource("restart");
        Map<UUID, byte[]> contents = put(media, resource, 60, new Random(7), false);
        var parameters = Map.of("destination", "memory", "resource", resource, "chunkSize", "10", "failAtItem", "35");

        JobExecution failed;
        JobExecution done;
        try (var gc = new OrphanGcLoop(jobs, executor)) {
            failed = jobs.run("bulk-copy", parameters);
            done = jobs.restart(failed.executionId());
        }

        assertEquals("FAILED", failed.status(), failed::toString);
        assertEquals(30, failed.progress().writeCount(), "three chunks committed: " + failed);
        assertEquals("COMPLETED", done.status(), done::toString);
        assertEquals(30, done.progress().readCount(), "the committed chunks are not read again: " + done);
        // Items 31 to 34 were copied before item 35 failed their chunk: the restart finds their copies.
        assertEquals(26, done.progress().writeCount(), done::toString);
        assertEquals(4, done.progress().filterCount(), done::toString);
        for (var original : contents.entrySet()) {
            List<MediaEntry> copies = media.copiesOf(original.getKey(), "memory", 10);
            assertEquals(1, copies.size(), "exactly one copy of " + original.getKey());
            assertArrayEquals(original.getValue(), media.get(copies.get(0).getId()));
        }
    }

    /** How many of these keys exist on the default filesystem's storage. */
    private long countStored(Set<String> keys) {
        try (MediaConnection file = media.getFilesystem("file")) {
            return keys.stream().filter(file::exists).count();
        }
    }
}
