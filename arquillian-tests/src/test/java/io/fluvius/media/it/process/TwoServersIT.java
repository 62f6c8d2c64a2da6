package io.fluvius.media.it.process;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static io.fluvius.media.it.MediaApi.json;
import static io.fluvius.media.it.MediaApi.randomBytes;
import static io.fluvius.media.it.MediaApi.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes behind one (imagined) load balancer serve one set of entries and filesystems: what one node changes,
 * the other serves at once, with no stale copy in its caches (Hibernate's second-level cache and the filesystems
 * cache invalidate across the cluster), and the blob ledger holds its invariants with both nodes writing
 * (identical puts converge on one blob; garbage collection on one node never takes bytes an entry on the
 * other needs). PostgreSQL only: {@link TwoServers} skips the class otherwise.
 */
@Tag("server-process")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoServersIT {

    /**
     * Both nodes start with orphan-gc every 10 s, as an operator would configure every node: its default grace
     * (1 h) leaves the other tests' blobs alone, and a run takes milliseconds.
     */
    private static final String EVERY_TEN_SECONDS = "*/10 * * * * *";

    @RegisterExtension
    static final TwoServers cluster = new TwoServers().withDeployment(GarbageCollectionServlet.war())
            .withSystemProperty("media.jobs.orphan-gc.schedule", EVERY_TEN_SECONDS);

    private static final String RAW = "application/octet-stream";

    private MediaApi node1;
    private MediaApi node2;

    @BeforeEach
    void connect() {
        node1 = new MediaApi(cluster.node(1).webModule());
        node2 = new MediaApi(cluster.node(2).webModule());
    }

    @Test
    void entryUploadedOnOneNodeDownloadsByteIdenticalOnTheOther() throws Exception {
        byte[] content = randomBytes(256 * 1024, 20261201L);

        JsonObject entry = node1.upload("filename=from-node1.bin", content);
        HttpResponse<byte[]> download = node2.sendForBytes(node2.request(LocalUser.READER,
                "files/" + entry.getString("id")).GET());

        assertEquals(200, download.statusCode());
        assertArrayEquals(content, download.body(), "bytes node 2 serves for node 1's upload");
        assertEquals(sha256Hex(content), entry.getString("filehash"));
    }

    @Test
    void entryDeletedOnOneNodeIsNotFoundOnTheOtherAtOnce() throws Exception {
        String id = node1.upload("filename=short-lived.bin", randomBytes(4096, 20261202L)).getString("id");
        // Both nodes read it first, so that each holds the entry in its second-level cache.
        assertEquals(200, node1.get(LocalUser.READER, "files/" + id + "/metadata").statusCode());
        assertEquals(200, node2.get(LocalUser.READER, "files/" + id + "/metadata").statusCode());

        HttpResponse<String> deleted = node2.send(node2.request(LocalUser.WRITER, "files/" + id).DELETE());

        assertEquals(204, deleted.statusCode(), deleted::body);
        assertProblem(node1.get(LocalUser.READER, "files/" + id), 404, "media.not-found");
        assertProblem(node1.get(LocalUser.READER, "files/" + id + "/metadata"), 404, "media.not-found");
    }

    @Test
    void sixteenConcurrentIdenticalPutsAcrossBothNodesGiveSixteenEntriesOneLedgerRowAndOneStoredBlob()
            throws Exception {
        byte[] content = randomBytes(300 * 1024, 20261204L);
        String resource = MediaApi.uniqueResource("identical");
        long filesBefore = storedFiles();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> puts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                MediaApi node = i % 2 == 0 ? node1 : node2;
                puts.add(clients.submit(() -> node.uploadRaw(LocalUser.WRITER,
                        "filename=same.bin&resource=" + resource, RAW, content)));
            }
            for (Future<HttpResponse<String>> put : puts) {
                assertEquals(201, put.get().statusCode(), put.get()::body);
            }
        } finally {
            clients.shutdownNow();
        }

        assertEquals(16, node1.entriesOf(resource).size());
        assertEquals(16, node2.entriesOf(resource).size());
        try (Ledger ledger = new Ledger()) {
            assertEquals(List.of(16L), ledger.refCountsOf(sha256Hex(content)), "one ledger row, 16 references");
        }
        assertEquals(filesBefore + 1, storedFiles(), "one stored blob: every second copy was deleted");
    }

    @Test
    void interleavedPutsAndDeletesOnBothNodesWithGarbageCollectionLoopingLeaveNoEntryWithoutBytes()
            throws Exception {
        byte[] content = randomBytes(64 * 1024, 20261205L);
        String resource = MediaApi.uniqueResource("interleaved");
        List<String> live = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong collections = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            Future<?> collector = pool.submit(() -> {
                while (!stop.get()) {
                    HttpResponse<String> gc = node1.http.send(java.net.http.HttpRequest.newBuilder(
                            cluster.node(1).serverUri("/media-test-support/gc?grace=0"))
                            .POST(BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    if (gc.statusCode() != 200) {
                        failures.add("gc: " + gc.statusCode() + " " + gc.body());
                    }
                    collections.incrementAndGet();
                }
                return null;
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                MediaApi own = w % 2 == 0 ? node1 : node2;
                MediaApi other = w % 2 == 0 ? node2 : node1;
                Random random = new Random(w);
                workers.add(pool.submit(() -> {
                    for (int round = 0; round < 60; round++) {
                        HttpResponse<String> put = own.uploadRaw(LocalUser.WRITER,
                                "filename=x.bin&resource=" + resource, RAW, content);
                        if (put.statusCode() != 201) {
                            failures.add("put: " + put.statusCode() + " " + put.body());
                            continue;
                        }
                        String id = json(put).getString("id");
                        live.add(id);
                        HttpResponse<byte[]> read = other.sendForBytes(other.request(LocalUser.READER, "files/" + id).GET());
                        if (read.statusCode() != 404 && (read.statusCode() != 200 || !sha256Hex(read.body()).equals(sha256Hex(content)))) {
                            failures.add("read on the other node: " + read.statusCode());
                        }
                        Object[] candidates = live.toArray();
                        String victim = random.nextBoolean() ? id : (String) candidates[random.nextInt(candidates.length)];
                        if (live.remove(victim)) {
                            MediaApi deleter = random.nextBoolean() ? own : other;
                            int status = deleter.send(deleter.request(LocalUser.WRITER, "files/" + victim).DELETE()).statusCode();
                            if (status != 204) {
                                failures.add("delete: " + status);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            stop.set(true);
            collector.get();
        } finally {
            pool.shutdownNow();
        }

        assertEquals(List.of(), failures);
        assertTrue(collections.get() > 0, "garbage collection ran beside the puts and deletes");
        var survivors = node2.entriesOf(resource);
        assertEquals(new java.util.HashSet<>(live), survivors.stream().map(e -> e.asJsonObject().getString("id"))
                .collect(java.util.stream.Collectors.toSet()));
        for (var survivor : survivors) {
            String id = survivor.asJsonObject().getString("id");
            for (MediaApi node : List.of(node1, node2)) {
                HttpResponse<byte[]> read = node.sendForBytes(node.request(LocalUser.READER, "files/" + id).GET());
                assertEquals(200, read.statusCode(), "entry " + id + " has its bytes");
                assertArrayEquals(content, read.body());
            }
        }
        try (Ledger ledger = new Ledger()) {
            assertEquals(survivors.isEmpty() ? List.of() : List.of((long) survivors.size()),
                    ledger.refCountsOf(sha256Hex(content)).stream().filter(count -> count > 0).toList(),
                    "the ledger counts exactly the surviving entries");
        }
    }

    /**
     * Last, though it passes in any order: the minute it counts is the latest that has ended, so that it is
     * mostly the minute of the other tests (under their load) rather than one more minute of waiting.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aScheduleOfEveryTenSecondsOnBothNodesExistsOnceAndStartsSixExecutionsAMinuteEachOnOneNode()
            throws Exception {
        // A minute from a firing on, well after both nodes reconciled their schedules: the last one that has
        // ended when the class has run long enough, else the first one; awaited, with time for its last firing.
        Instant earliest = ceilToTenSeconds(cluster.readyAt().plusSeconds(15));
        Instant start = Collections.max(List.of(earliest, ceilToTenSeconds(Instant.now().minusSeconds(70))));
        Instant end = start.plusSeconds(60);
        Duration wait = Duration.between(Instant.now(), end.plusSeconds(5));
        if (!wait.isNegative()) {
            Thread.sleep(wait.toMillis());
        }

        var executions = new TreeMap<Long, Instant>();
        for (JsonValue item : json(node1.get(LocalUser.ADMIN, "jobs?limit=1000")).getJsonArray("items")) {
            JsonObject execution = item.asJsonObject();
            Instant created = Instant.parse(execution.getString("createTime"));
            if (execution.getString("jobName").equals("orphan-gc") && !created.isBefore(start)
                    && created.isBefore(end)) {
                executions.put(execution.getJsonNumber("executionId").longValue(), created);
            }
        }
        assertEquals(6, executions.size(),
                "orphan-gc executions created in [" + start + ", " + end + "): " + executions);

        Map<Long, List<String>> startedOn = scheduledStarts("orphan-gc");
        for (long id : executions.keySet()) {
            assertEquals(1, startedOn.getOrDefault(id, List.of()).size(),
                    () -> "execution " + id + " was started by the schedule on one node, not " + startedOn.get(id));
        }
        try (Connection db = TestDatabase.current().connect(); Statement query = db.createStatement()) {
            String timers = "SELECT COUNT(*) FROM jboss_ejb_timer WHERE timed_object_id LIKE '%.JobScheduler'";
            assertEquals(1, count(query, timers + " AND schedule_expr_second = '*/10'"),
                    "one timer of the 10 s schedule, whichever node made it");
            assertEquals(2, count(query, timers), "the timers of orphan-gc and of verify-sweep's default schedule");
            try (ResultSet row = query.executeQuery(
                    "SELECT expression FROM media_job_schedule WHERE job_name = 'orphan-gc'")) {
                assertTrue(row.next());
                assertEquals(EVERY_TEN_SECONDS, row.getString(1));
            }
        }
    }

    private static Instant ceilToTenSeconds(Instant instant) {
        long seconds = instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0);
        return Instant.ofEpochSecond((seconds + 9) / 10 * 10);
    }

    /** The executions of a job that a schedule started, by id, with the nodes that logged starting each. */
    private static Map<Long, List<String>> scheduledStarts(String jobName) throws IOException {
        Pattern started = Pattern.compile("Schedule '[^']*' of " + Pattern.quote(jobName)
                + " started execution (\\d+) on (\\S+) ");
        Map<Long, List<String>> starts = new TreeMap<>();
        for (int node = 1; node <= 2; node++) {
            for (String line : Files.readAllLines(cluster.node(node).consoleLog())) {
                Matcher match = started.matcher(line);
                if (match.find()) {
                    starts.computeIfAbsent(Long.parseLong(match.group(1)), id -> new ArrayList<>()).add(match.group(2));
                }
            }
        }
        return starts;
    }

    private static long count(Statement query, String sql) throws SQLException {
        try (ResultSet row = query.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Regular files under the shared storage directory. */
    private static long storedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(cluster.sharedFileRoot())) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** The shared database, read directly: what the ledger says, whatever the nodes do. */
    private static final class Ledger implements AutoCloseable {
        private final Connection connection;

        Ledger() throws SQLException {
            connection = TestDatabase.current().connect();
        }

        List<Long> refCountsOf(String sha256) throws SQLException {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT ref_count FROM media_blob WHERE content_hash = ? AND fs_key = 'file'")) {
                query.setString(1, sha256);
                List<Long> counts = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        counts.add(rows.getLong(1));
                    }
                }
                return counts;
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    @Test
    void filesystemRegisteredOnOneNodeIsUsableOnTheOther() throws Exception {
        String fsKey = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        Path root = Files.createDirectories(TwoServers.sharedFilesystemsDir().resolve(fsKey));
        byte[] content = randomBytes(64 * 1024, 20261203L);
        // Node 2 asks first and remembers that the key is not registered (the filesystems cache keeps misses too).
        assertProblem(node2.uploadRaw(LocalUser.WRITER, "filename=early.bin&fsKey=" + fsKey, RAW, new byte[16]),
                404, "media.filesystem-not-found");

        HttpResponse<String> registered = node1.send(node1.request(LocalUser.ADMIN, "filesystems")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(Json.createObjectBuilder()
                        .add("fsKey", fsKey).add("protocol", "file").add("name", "registered on node 1")
                        .add("params", Json.createObjectBuilder().add("root", root.toString()))
                        .build().toString())));
        assertEquals(201, registered.statusCode(), registered::body);

        HttpResponse<String> stored = node2.uploadRaw(LocalUser.WRITER, "filename=on-node2.bin&fsKey=" + fsKey,
                RAW, content);
        assertEquals(201, stored.statusCode(), stored::body);
        JsonObject entry = json(stored);
        assertEquals(fsKey, entry.getString("fsKey"));
        HttpResponse<byte[]> backOnNode1 = node1.sendForBytes(node1.request(LocalUser.READER,
                "files/" + entry.getString("id")).GET());
        assertEquals(200, backOnNode1.statusCode());
        assertArrayEquals(content, backOnNode1.body(), "node 1 reads what node 2 stored on the new filesystem");
    }

    @Test
    void aLinkMadeOnOneNodeWorksOnTheOtherAndARotationOnOneIsHonouredByBoth() throws Exception {
        byte[] content = randomBytes(32 * 1024, 20261204L);
        JsonObject entry = node1.upload("filename=linked.bin", content);
        HttpResponse<String> made = node1.send(node1.request(LocalUser.READER, "files/" + entry.getString("id") + "/links")
                .POST(BodyPublishers.noBody()));
        assertEquals(201, made.statusCode(), made::body);
        String onNode1 = json(made).getString("url");
        String onNode2 = onNode1.replace(node1.api("").toString(), node2.api("").toString());

        HttpResponse<byte[]> anonymous = node2.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(onNode2))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, anonymous.statusCode(), "node 2 honours node 1's link");
        assertArrayEquals(content, anonymous.body());

        HttpResponse<String> rotated = node2.send(node2.request(LocalUser.ADMIN, "link-keys?overlap=0")
                .POST(BodyPublishers.noBody()));
        assertEquals(201, rotated.statusCode(), rotated::body);
        HttpResponse<String> revoked = node1.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(onNode1))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (revoked.statusCode() == 200 && System.nanoTime() < deadline) { // node 1 reads the keys every 5 s
            Thread.sleep(500);
            revoked = node1.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(onNode1)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertProblem(revoked, 403, "media.link-invalid");
    }
}
