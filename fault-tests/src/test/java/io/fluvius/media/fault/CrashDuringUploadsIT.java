package io.fluvius.media.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fluvius.media.connector.spi.S3ProxyServer;
import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.process.GarbageCollectionServlet;
import io.fluvius.media.it.process.ServerProcess;
import io.fluvius.media.it.process.ServerSpec;
import io.fluvius.media.it.process.TestDatabase;
import io.fluvius.media.it.process.TwoServers;

/**
 * Issue 17, scenario 1: {@code kill -9} (SIGKILL of the WildFly JVM) while many uploads are in flight, on
 * PostgreSQL. (a) One server with the default {@code file} filesystem and an {@code s3} one on S3Proxy (registered
 * over HTTP): 100 uploads to each start at once (short run 64 KiB to 2 MiB, full run 1 to 64 MiB; fewer contents
 * than uploads, so some are duplicates; bodies generated while sent), and the server is killed at a seeded
 * acknowledgement, uploads still in flight. (b) Two servers sharing the database and the file storage; clients upload to both
 * and read back, one node is killed at a seeded moment, its clients go over to the other, which must answer every
 * request; the killed node is restarted. After each: every acknowledged upload reads back with its SHA-256, every
 * listed entry has its bytes, and after garbage collection (grace 0, the short upload lease waited out) no stored
 * file or temporary is left that no entry references, on the file storage root and in the S3Proxy bucket.
 * Port offsets 1300 and 1350.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashDuringUploadsIT {

    private static final long SEED = Long.getLong("fault.seed", 20261203L);
    private static final boolean FULL = FaultResults.isFull();
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final int UPLOADS = 100;
    private static final long MIN_SIZE = FULL ? MIB : 64 * KIB;
    private static final long MAX_SIZE = FULL ? 64 * MIB : 2 * MIB;
    /** Fewer contents than uploads: the rest are duplicates. */
    private static final int CONTENTS = 80;
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration UPLOAD_TIMEOUT = FULL ? Duration.ofMinutes(30) : Duration.ofMinutes(3);
    private static final String BUCKET = "fault-crash-uploads";
    /**
     * The s3 filesystem's deadline at full size. With the default (10 s: 1.8 s to connect and 2.7 s to wait for an
     * answer, twice), S3Proxy on this 2-core machine, taking 100 uploads of up to 64 MiB in 8 MiB parts beside 100 to
     * {@code file}, answered some parts later than that, and those uploads were refused with 503
     * {@code media.filesystem-unavailable} in the first full run (2026-12-04): a busy store, which an operator gives
     * a longer deadline (README, the s3 parameters), not the failure this scenario is after.
     */
    private static final String S3_FULL_DEADLINE = "120s";
    private static final String GC = "/media-test-support/gc?grace=0";

    @Test
    @Order(1)
    void aKillAmidAHundredUploadsPerFilesystemLosesNothingAcknowledgedAndLeavesNoOrphanAfterGc() throws Exception {
        TestDatabase database = FaultDatabase.postgresql();
        ServerSpec spec = FaultDatabase.server("postgresql", "crash-uploads", 1300)
                .withSystemProperty("media.upload.lease", Long.toString(LEASE.toSeconds()))
                .withMaxHeap(FULL ? "1536m" : "768m");
        ServerProcess server = ServerProcess.prepare(spec).deploy(GarbageCollectionServlet.war());
        Path s3Directory = server.baseDir().resolve("s3proxy");
        try (S3ProxyServer s3 = S3ProxyServer.start(s3Directory)) {
            MediaApi api;
            UploadWave wave = new UploadWave();
            SeededUploads contents = SeededUploads.of(SEED, CONTENTS, MIN_SIZE, MAX_SIZE);
            var moment = new SplittableRandom(SEED);
            // The moment of the kill: the n-th acknowledgement, n seeded between 20 % and 70 % of the uploads (the
            // bytes the clients have sent say little: the sockets' buffers take much of a short run at once).
            int killAtAcknowledgement = (int) (2 * UPLOADS * (0.2 + moment.nextDouble() * 0.5));
            long bytesAtKill;
            int inFlightAtKill;
            int acknowledgedAtKill;
            long killedAfterMillis;
            long killedAt;
            try {
                server.start();
                server.awaitReady(READY);
                api = new MediaApi(server.webModule());
                registerS3(api, s3);

                long begin = System.nanoTime();
                wave.start(api, "crash-uploads-file", "file", contents.draw(UPLOADS), UPLOAD_TIMEOUT);
                wave.start(api, "crash-uploads-s3", "s3", contents.draw(UPLOADS), UPLOAD_TIMEOUT);
                while (wave.acknowledgedSoFar() < killAtAcknowledgement) {
                    assertTrue(wave.inFlight() > 0, "every upload ended before the kill");
                    assertTrue(System.nanoTime() - begin < UPLOAD_TIMEOUT.toNanos(), "uploads still running");
                    Thread.sleep(1);
                }
                inFlightAtKill = wave.inFlight();
                acknowledgedAtKill = wave.acknowledgedSoFar();
                bytesAtKill = wave.bytesSent();
                server.sigkill();
                killedAt = System.nanoTime();
                killedAfterMillis = TimeUnit.NANOSECONDS.toMillis(killedAt - begin);
                server.awaitExit(Duration.ofSeconds(30));
            } finally {
                server.close();
            }
            List<UploadWave.Sent> sent = wave.await(UPLOAD_TIMEOUT.plusMinutes(1));
            List<UploadWave.Sent> refused = sent.stream().filter(s -> !s.acknowledged() && !s.cutOff()).toList();
            assertEquals(List.of(), refused, "uploads the server refused before the kill");
            assertTrue(inFlightAtKill > 0 && sent.stream().anyMatch(UploadWave.Sent::cutOff), "the kill cut uploads off");

            ServerProcess restarted = ServerProcess.reuse(spec);
            try {
                restarted.start();
                restarted.awaitReady(READY);
                MediaApi after = new MediaApi(restarted.webModule());
                Map<String, Path> roots = Map.of("file", restarted.dataDir().resolve("media/files/media"),
                        "s3", s3Directory.resolve("data").resolve(BUCKET));
                Map<String, UploadSurvey> surveys = new TreeMap<>();
                Map<String, List<String>> before = new TreeMap<>();
                for (String fsKey : roots.keySet()) {
                    UploadSurvey survey = UploadSurvey.check(after, "crash-uploads-" + fsKey, contents,
                            UploadWave.acknowledged(sent, fsKey));
                    surveys.put(fsKey, survey);
                    before.put(fsKey, StoredLeftovers.unreferenced(roots.get(fsKey), survey.fsPaths()));
                }
                sleepUntil(killedAt + LEASE.plusSeconds(2).toNanos());
                HttpResponse<String> gc = collectGarbage(after, restarted);
                for (String fsKey : roots.keySet()) {
                    UploadSurvey survey = surveys.get(fsKey);
                    List<String> leftovers = StoredLeftovers.unreferenced(roots.get(fsKey), survey.fsPaths());
                    assertEquals(List.of(), leftovers, () -> fsKey + ": stored files no entry references after gc;"
                            + " ledger:" + StoredLeftovers.evidence(database, fsKey, leftovers) + "\nserver log:\n"
                            + logLinesNaming(restarted, leftovers));
                    for (String path : survey.fsPaths()) {
                        assertTrue(Files.isRegularFile(roots.get(fsKey).resolve(path)), () -> "gc took " + path);
                    }
                    assertEquals(survey.listed(), EntryListing.of(after, "crash-uploads-" + fsKey, "id").size(),
                            "gc took no entry");
                    List<UploadWave.Sent> mine = sent.stream().filter(s -> s.fsKey().equals(fsKey)).toList();
                    FaultResults.record("1a crash during uploads (" + fsKey + ")",
                            UPLOADS + " concurrent uploads to " + fsKey + " (" + sizes(contents) + ", " + CONTENTS
                                    + " contents for " + UPLOADS + " uploads per filesystem, so duplicates; seeded"
                                    + " bodies streamed) beside " + UPLOADS + " to the other filesystem ("
                                    + (fsKey.equals("file") ? "s3 on S3Proxy" : "file")
                                    + "); SIGKILL of WildFly at acknowledgement " + killAtAcknowledgement
                                    + " of " + 2 * UPLOADS + " (seed " + SEED + "); restart; upload lease " + LEASE.toSeconds()
                                    + " s; gc grace 0; PostgreSQL"
                                    + (FULL ? "; s3 deadline " + S3_FULL_DEADLINE + " (default 10 s)" : ""),
                            "every acknowledged upload listed and read back with its SHA-256; every listed entry"
                                    + " has its bytes and the SHA-256 of its content; after gc no unreferenced stored"
                                    + " file or temporary (" + (fsKey.equals("file") ? "file storage root"
                                    : "S3Proxy bucket directory") + "), no entry or referenced file taken",
                            "kill " + killedAfterMillis + " ms after the first upload began, "
                                    + bytesAtKill / KIB + " KiB of " + wave.totalBytes() / KIB + " KiB sent, "
                                    + inFlightAtKill + " uploads in flight, " + acknowledgedAtKill + " acknowledged (both"
                                    + " filesystems); " + fsKey + ": " + count(mine, UploadWave.Sent::acknowledged)
                                    + " acknowledged, " + count(mine, UploadWave.Sent::cutOff) + " cut off; "
                                    + survey.listed() + " entries checked (" + survey.unacknowledged()
                                    + " committed but not acknowledged), " + survey.bytes() / KIB + " KiB verified;"
                                    + " unreferenced files before gc " + before.get(fsKey).size() + ", after 0; gc: "
                                    + gc.body().strip());
                }
            } finally {
                restarted.close();
            }
        }
    }

    /** (b): sizes of the puts of the clients of two nodes, and how many clients. */
    private static final long CLUSTER_MIN_SIZE = FULL ? MIB : 64 * KIB;
    private static final long CLUSTER_MAX_SIZE = FULL ? 16 * MIB : 512 * KIB;
    private static final int CLUSTER_CLIENTS = 6;
    /**
     * Between a client's rounds. Without it, 12 clients saturated the 2 cores and the killed node's restart beside
     * them took over 3 minutes (its boot, 14 s to JBoss MSC alone): a starved machine, not a product fault.
     */
    private static final Duration CLUSTER_PAUSE = Duration.ofMillis(150);
    private static final Duration ALONE = Duration.ofSeconds(FULL ? 30 : 3);
    private static final Duration AFTER = Duration.ofSeconds(FULL ? 30 : 3);

    @Test
    @Order(2)
    void oneOfTwoNodesKilledMidUploadsTheOtherAnswersEveryRequestAndNothingAcknowledgedIsLostNorLeftOver()
            throws Exception {
        TestDatabase database = FaultDatabase.postgresql();
        SeededUploads contents = SeededUploads.of(SEED + 1, 40, CLUSTER_MIN_SIZE, CLUSTER_MAX_SIZE);
        var moment = new SplittableRandom(SEED + 1);
        int victim = 1 + moment.nextInt(2);
        int survivor = 3 - victim;
        long killAfterMillis = FULL ? 20_000 + moment.nextInt(20_000) : 3_000 + moment.nextInt(4_000);
        String resource = "crash-two";
        try (TwoServers cluster = new TwoServers().named("crash-two").atPortOffsets(1300, 1350)
                .onInstallation(FaultDatabase.postgresqlHome()).onDatabase(database)
                .withDeployment(GarbageCollectionServlet.war())
                .withSystemProperty("media.upload.lease", Long.toString(LEASE.toSeconds()))) {
            cluster.start();
            List<MediaApi> nodes = List.of(new MediaApi(cluster.node(1).webModule()),
                    new MediaApi(cluster.node(2).webModule()));
            MediaApi alive = nodes.get(survivor - 1);
            var clients = new FailoverClients(nodes, resource, contents, CLUSTER_CLIENTS, UPLOAD_TIMEOUT,
                    CLUSTER_PAUSE);
            clients.start(SEED + 2);
            long killedAt;
            int inFlightOnVictim;
            int verifiedWhileDown = 0;
            long restartMillis;
            try {
                Thread.sleep(killAfterMillis);
                inFlightOnVictim = clients.inFlight(victim);
                clients.down(victim, "alone");
                cluster.node(victim).sigkill();
                killedAt = System.nanoTime();
                cluster.node(victim).awaitExit(Duration.ofSeconds(30));
                Thread.sleep(ALONE.toMillis());
                // Before the restart: what the killed node acknowledged, through the survivor.
                for (FailoverClients.Ack ack : clients.acknowledged()) {
                    if (ack.node() == victim) {
                        UploadSurvey.Download read = UploadSurvey.download(alive, ack.id());
                        assertEquals(200, read.status(), () -> "entry " + ack.id() + " of the killed node, through the"
                                + " survivor: " + read.problem());
                        assertEquals(ack.sha256(), read.sha256(), ack.id());
                        verifiedWhileDown++;
                    }
                }
                long restarting = System.nanoTime();
                cluster.node(victim).start();
                cluster.node(victim).awaitReady(READY);
                restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarting);
                clients.up("after");
                Thread.sleep(AFTER.toMillis());
            } finally {
                clients.stop();
            }

            List<FailoverClients.Call> calls = clients.calls();
            Map<String, Integer> byPhase = new TreeMap<>();
            calls.forEach(call -> byPhase.merge(call.phase() + " node" + call.node() + " " + call.kind() + " "
                    + call.status(), 1, Integer::sum));
            List<FailoverClients.Call> failed = calls.stream().filter(call -> !call.succeeded()).toList();
            assertEquals(List.of(), failed, () -> "calls that failed (none may but those cut by the kill): " + byPhase);
            long survivorDuring = calls.stream().filter(c -> c.node() == survivor && c.phase().equals("alone")).count();
            long survivorAfter = calls.stream().filter(c -> c.node() == survivor && c.phase().equals("after")).count();
            long victimAfter = calls.stream().filter(c -> c.node() == victim && c.phase().equals("after")).count();
            assertTrue(survivorDuring > 0, () -> "the survivor served nothing while alone: " + byPhase);
            assertTrue(survivorAfter > 0 && victimAfter > 0, () -> "both served after the restart: " + byPhase);
            assertTrue(inFlightOnVictim > 0 || !clients.cut().isEmpty(), "calls were in flight on the killed node");

            // After the restart: every acknowledged put through the survivor, the killed node's also through it.
            Map<String, String> acknowledged = clients.acknowledgedSha256ById();
            UploadSurvey survey = UploadSurvey.check(alive, resource, contents, acknowledged);
            MediaApi restarted = nodes.get(victim - 1);
            int verifiedOnRestarted = 0;
            for (FailoverClients.Ack ack : clients.acknowledged()) {
                if (ack.node() == victim) {
                    UploadSurvey.Download read = UploadSurvey.download(restarted, ack.id());
                    assertEquals(200, read.status(), () -> ack.id() + " on the restarted node: " + read.problem());
                    assertEquals(ack.sha256(), read.sha256(), ack.id());
                    verifiedOnRestarted++;
                }
            }
            Path root = cluster.sharedFileRoot().resolve("media");
            List<String> before = StoredLeftovers.unreferenced(root, survey.fsPaths());
            sleepUntil(killedAt + LEASE.plusSeconds(2).toNanos());
            HttpResponse<String> gc = collectGarbage(alive, cluster.node(survivor));
            List<String> leftovers = StoredLeftovers.unreferenced(root, survey.fsPaths());
            assertEquals(List.of(), leftovers, () -> "stored files no entry references after gc; ledger:"
                    + StoredLeftovers.evidence(database, "file", leftovers) + "\nlogs:\n"
                    + logLinesNaming(cluster.node(1), leftovers) + logLinesNaming(cluster.node(2), leftovers));
            for (String path : survey.fsPaths()) {
                assertTrue(Files.isRegularFile(root.resolve(path)), () -> "gc took " + path);
            }
            assertEquals(survey.listed(), EntryListing.of(alive, resource, "id").size(), "gc took no entry");

            long victimAcks = clients.acknowledged().stream().filter(a -> a.node() == victim).count();
            FaultResults.record("1c two servers, one killed",
                    "2 nodes (standalone-media-ha, offsets 1300/1350) on one PostgreSQL and one file storage; "
                            + CLUSTER_CLIENTS + " clients (half per node) putting " + CLUSTER_MIN_SIZE / KIB + " KiB to "
                            + CLUSTER_MAX_SIZE / KIB + " KiB (40 seeded contents, so duplicates) and reading back, "
                            + CLUSTER_PAUSE.toMillis() + " ms between rounds;"
                            + " SIGKILL of node " + victim + " " + killAfterMillis + " ms in (seed " + SEED + "), its"
                            + " clients to node " + survivor + "; " + ALONE.toSeconds() + " s alone, restart, "
                            + AFTER.toSeconds() + " s more; upload lease " + LEASE.toSeconds() + " s; gc grace 0",
                    "every call of the survivor (and of the killed node but those the kill cut) succeeded; every put the"
                            + " killed node acknowledged read back through the survivor before the restart and"
                            + " through both after; every listed entry has its bytes; after gc no unreferenced"
                            + " stored file or temporary, no entry or referenced file taken",
                    "calls by phase: " + byPhase + "; survivor served " + survivorDuring + " while alone and "
                            + survivorAfter + " after the restart; " + inFlightOnVictim + " calls in flight on the"
                            + " killed node, " + clients.cut().size() + " cut; " + victimAcks + " acknowledged by it,"
                            + " verified " + verifiedWhileDown + " through the survivor before the restart and "
                            + verifiedOnRestarted + " on it after (restart " + restartMillis + " ms); "
                            + survey.listed() + " entries checked (" + survey.unacknowledged()
                            + " committed but not acknowledged), " + survey.bytes() / KIB + " KiB verified, "
                            + clients.bytesSent() / KIB + " KiB sent; unreferenced files before gc " + before.size()
                            + ", after 0; gc: " + gc.body().strip());
        }
    }

    private static void registerS3(MediaApi api, S3ProxyServer s3) throws Exception {
        var params = Json.createObjectBuilder().add("endpoint", s3.endpoint()).add("bucket", BUCKET)
                .add("pathStyle", "true").add("key", S3ProxyServer.IDENTITY).add("secret", S3ProxyServer.CREDENTIAL);
        if (FULL) {
            params.add("deadline", S3_FULL_DEADLINE);
        }
        String registration = Json.createObjectBuilder().add("fsKey", "s3").add("protocol", "s3").add("name", "S3Proxy")
                .add("params", params).build().toString();
        HttpResponse<String> registered = api.send(api.request(LocalUser.ADMIN, "filesystems")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(registration)));
        assertEquals(201, registered.statusCode(), registered::body);
    }

    static HttpResponse<String> collectGarbage(MediaApi api, ServerProcess server) throws Exception {
        HttpResponse<String> gc = api.send(HttpRequest.newBuilder(server.serverUri(GC)).POST(BodyPublishers.noBody()));
        assertEquals(200, gc.statusCode(), gc::body);
        return gc;
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }

    /** The server's log lines that name one of the leftovers' keys, over all its starts. */
    static String logLinesNaming(ServerProcess server, List<String> leftovers) {
        var lines = new StringBuilder();
        for (String leftover : leftovers) {
            String name = leftover.substring(leftover.lastIndexOf('/') + 1).replaceAll("^\\.|\\.[0-9a-f-]{36}\\.part$", "");
            try {
                Files.readAllLines(server.consoleLog()).stream().filter(line -> line.contains(name))
                        .forEach(line -> lines.append(line).append('\n'));
            } catch (java.io.IOException e) {
                lines.append(e).append('\n');
            }
        }
        return lines.toString();
    }

    private static String sizes(SeededUploads contents) {
        return (MIN_SIZE >= MIB ? MIN_SIZE / MIB + " MiB" : MIN_SIZE / KIB + " KiB") + " to " + MAX_SIZE / MIB
                + " MiB, drawn " + contents.minLength() / KIB + " KiB to " + contents.maxLength() / KIB + " KiB";
    }

    private static long count(List<UploadWave.Sent> sent, java.util.function.Predicate<UploadWave.Sent> which) {
        return sent.stream().filter(which).count();
    }
}
