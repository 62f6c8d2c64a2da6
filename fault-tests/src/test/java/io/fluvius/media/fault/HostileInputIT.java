package io.fluvius.media.fault;

import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.process.ServerProcess;

/**
 * Hostile input (API.md "Errors"): after a few real entries are stored, 8 clients send generated requests (50,000
 * in the short run, 1,000,000 in the full one; seeded, so that a run can be repeated) over ranges and validators,
 * digests and content types, multipart framing, hostile file names, listing parameters and cursors, filesystem
 * registrations and job starts, ids, methods and credentials, and malformed HTTP framing on raw sockets. It proves
 * that no request gets a server error; every 4xx of the API is problem+json; no body shows a stack trace, a
 * server path or a secret, and no stored file name adds a header to a download; no file appears outside the
 * storage roots and no stored key is made of a caller's file name; and that afterwards the server's heap (after a
 * forced GC) and its open file descriptors are back near their idle levels.
 * <p>
 * The server runs on PostgreSQL when {@code MEDIA_TEST_POSTGRES_URL} names one (as in CI), else on the embedded
 * H2: H2's page cache lives in the server's heap and grows with the entries the run creates (up to its 16 MiB
 * default), which the heap check cannot tell from a leak; the figures name the database.
 * <p>
 * Requests that are not well-formed HTTP (lying or contradictory lengths, broken chunks, control characters or raw
 * bytes in the head) are answered, if at all, by Undertow's HTTP parser before any application code: an empty 400,
 * or a closed connection; paths whose dot segments lead out of /media get the server's default handler's HTML 404.
 * They are counted apart ({@code framing-non-problem}, {@code no-answer}) and reported in the results, not asserted:
 * no handler of the web module sees them. A 5xx to them still fails the scenario.
 */
class HostileInputIT {

    private static final String SCENARIO = "4 hostile input";
    private static final int CLIENTS = 8;
    private static final long SHORT_REQUESTS = 50_000;
    private static final long FULL_REQUESTS = 1_000_000;
    private static final long WARM_UP = 2_000;
    private static final long DEFAULT_SEED = 20261203L;
    private static final Duration READY = Duration.ofMinutes(3);
    private static final double HEAP_TOLERANCE = 0.10;
    private static final int FD_TOLERANCE = 5;
    /**
     * How long the vitals may take to come back: the io subsystem's worker threads started under the load end after
     * their keep-alive (task-keepalive, 60 s), and each holds an epoll and an eventfd descriptor until then.
     */
    private static final Duration SETTLE = Duration.ofSeconds(75);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern NEXT_CURSOR = Pattern.compile("[?&]cursor=([^&>]*)[^>]*>;\\s*rel=\"next\"");

    static {
        // Idle client connections close soon, so that the server's descriptors can settle after the run.
        System.setProperty("jdk.httpclient.keepalive.timeout", "2");
    }

    private static ServerProcess server;
    private static MediaApi api;
    private static Map<String, Integer> idleFdKinds = Map.of();
    private static Map<String, Long> idleHistogram = Map.of();
    /** The classes whose live bytes grew most since idle, as the last measurement after the run found them. */
    private static String heapGrowth = "";
    private static String database;

    @BeforeAll
    static void startServer() throws Exception {
        database = FaultDatabase.preferred();
        server = ServerProcess.prepare(FaultDatabase.server(database, "hostile-input", 500));
        server.start();
        server.awaitReady(READY);
        api = new MediaApi(server.webModule());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void hostileRequestsGetProblemsNeverServerErrorsLeaksStrayFilesOrLeftoverResources() throws Exception {
        long started = System.nanoTime();
        long seed = Long.getLong("fault.hostile.seed", DEFAULT_SEED);
        long total = Long.getLong("fault.hostile.requests", FaultResults.isFull() ? FULL_REQUESTS : SHORT_REQUESTS);
        System.out.println("[hostile-input] seed " + seed + ", " + total + " requests after a warm-up of " + WARM_UP
                + " (-Dfault.hostile.seed=" + seed + " repeats this run)");
        FuzzTargets targets = seed();
        Path base = server.baseDir();
        Path home = Path.of(System.getProperty("jboss.home")).toAbsolutePath();
        Predicate<Path> moving = movingParts(base, home);
        FileTreeSnapshot filesBefore = FileTreeSnapshot.of(List.of(base, home), moving);

        var findings = new HostileFindings(List.of(base.toString(), home.toString(), "/etc/", "/root", "/tmp/"));
        Map<String, LongAdder> sent = new TreeMap<>();
        HostileRequests.WEIGHTS.keySet().forEach(category -> sent.put(category, new LongAdder()));
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        // Idle is the server at rest after a warm-up of the same requests at the same concurrency (another seed):
        // its pools (request threads, database connections, bean instances) have their working size then, so
        // that what the run leaves beyond idle is what it leaked. The warm-up's answers are checked like the rest.
        var json = new HostileJson(base);
        fuzz(WARM_UP, new HostileRequests(seed + 1, targets, json), targets, findings, sent, statuses);
        ServerVitals idle = settledVitals(null);
        var generator = new HostileRequests(seed, targets, json);
        long fuzzStarted = System.nanoTime();
        fuzz(total, generator, targets, findings, sent, statuses);
        long fuzzNanos = System.nanoTime() - fuzzStarted;

        HttpResponse<String> filesystems = api.get(LocalUser.ADMIN, "filesystems");
        assertEquals(200, filesystems.statusCode(), filesystems::body);
        int registered = json(filesystems).getJsonArray("items").size();
        ServerVitals after = settledVitals(idle);
        FileTreeSnapshot filesAfter = FileTreeSnapshot.of(List.of(base, home), moving);
        List<Path> stray = filesBefore.newIn(filesAfter);
        List<Path> namedByCaller = storedKeysNamedByCaller(base);
        List<Path> strayInTmp = markedFilesUnder(Path.of("/tmp"));

        long requests = sent.values().stream().mapToLong(LongAdder::sum).sum();
        String perCategory = sent.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().sum())
                .collect(Collectors.joining(", "));
        String perStatus = new TreeMap<>(statuses).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().sum())
                .collect(Collectors.joining(", "));
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.println("[hostile-input] statuses " + perStatus);
        System.out.println("[hostile-input] answered by the container, not problem+json (malformed HTTP to its"
                + " parser, paths out of the web module to its default handler): "
                + findings.of("framing-non-problem") + "\n" + findings.examples("framing-non-problem"));
        System.out.println("[hostile-input] closed or failed without an answer: " + findings.of("no-answer") + "\n"
                + findings.examples("no-answer"));
        FaultResults.record(SCENARIO,
                requests + " generated requests from " + CLIENTS + " clients on " + database + " (seed " + seed
                        + ", the first " + WARM_UP + " a warm-up of seed " + (seed + 1) + " before idle was measured; "
                        + perCategory + "), after " + targets.seeded.size() + " seeded entries, " + targets.deletedIds.size()
                        + " deleted ids, " + targets.cursors.size() + " cursors from Link headers; " + registered
                        + " filesystems afterwards",
                "no 5xx; every API 4xx problem+json; no stack trace, server path or secret in a body, no header"
                        + " injected by a stored file name; no new file"
                        + " outside the storage roots, no stored key named by a caller; heap after GC within "
                        + (int) (HEAP_TOLERANCE * 100) + " % and fds within " + FD_TOLERANCE + " of idle",
                findings.of("5xx") + " 5xx, " + findings.of("non-problem") + " non-problem 4xx ("
                        + findings.of("framing-non-problem") + " more from the container: malformed HTTP, paths out"
                        + " of the web module), "
                        + findings.of("stack-trace") + " stack traces, " + findings.of("server-path")
                        + " server paths, " + findings.of("secret") + " secrets, " + findings.of("header-injection")
                        + " injected headers, " + stray.size()
                        + " stray files, " + (namedByCaller.size() + strayInTmp.size()) + " caller-named files, "
                        + findings.of("no-answer") + " closed without an answer; statuses " + perStatus
                        + "; heap " + idle.heapUsedKiB() / 1024 + " -> " + after.heapUsedKiB() / 1024 + " MiB, fds "
                        + idle.openFds() + " -> " + after.openFds() + "; " + total * 1_000_000_000L / fuzzNanos
                        + " requests/s, " + seconds + " s in all");

        assertAll(
                () -> assertEquals(WARM_UP + total, requests, "requests sent"),
                () -> assertEquals(0, findings.of("5xx"), () -> "server errors:\n" + findings.examples("5xx")),
                () -> assertEquals(0, findings.of("non-problem"), () -> "API 4xx without problem+json:\n"
                        + findings.examples("non-problem")),
                () -> assertEquals(0, findings.of("stack-trace"), () -> "stack traces:\n"
                        + findings.examples("stack-trace")),
                () -> assertEquals(0, findings.of("server-path"), () -> "server paths:\n"
                        + findings.examples("server-path")),
                () -> assertEquals(0, findings.of("secret"), () -> "secrets:\n" + findings.examples("secret")),
                () -> assertEquals(0, findings.of("header-injection"), () -> "headers injected by file names:\n"
                        + findings.examples("header-injection")),
                () -> assertEquals(List.of(), stray, "files created outside the storage roots"),
                () -> assertEquals(List.of(), namedByCaller, "stored files named after a caller's file name"),
                () -> assertEquals(List.of(), strayInTmp, "files of generated names under /tmp"),
                () -> assertTrue(after.heapUsedKiB() <= idle.heapUsedKiB() * (1 + HEAP_TOLERANCE),
                        () -> "heap after GC " + after + ", idle " + idle + "; grown most: " + heapGrowth),
                () -> assertTrue(after.openFds() <= idle.openFds() + FD_TOLERANCE,
                        () -> "open fds " + after + ", idle " + idle));
    }

    /** The clients: each takes the next request number, generates that request, sends it and judges the answer. */
    private static void fuzz(long total, HostileRequests generator, FuzzTargets targets, HostileFindings findings,
            Map<String, LongAdder> sent, Map<Integer, LongAdder> statuses) throws InterruptedException {
        var next = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        var port = server.spec().httpPort();
        for (int client = 0; client < CLIENTS; client++) {
            clients.execute(() -> {
                var sender = new ProbeSender("127.0.0.1", port);
                for (long number = next.getAndIncrement(); number < total; number = next.getAndIncrement()) {
                    HostileProbe probe = generator.next(number);
                    sent.get(probe.category()).increment();
                    try {
                        ProbeSender.Answer answer = sender.send(probe);
                        statuses.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
                        findings.check(probe, answer);
                        learn(probe, answer, targets);
                    } catch (IOException e) {
                        findings.failed(probe, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (number > 0 && number % 10_000 == 0) {
                        System.out.println("[hostile-input] " + number + " requests sent");
                    }
                }
            });
        }
        clients.shutdown();
        if (!clients.awaitTermination(FaultResults.isFull() ? 180 : 30, TimeUnit.MINUTES)) {
            clients.shutdownNow();
            throw new IllegalStateException("the clients did not finish: " + server.threadDump());
        }
    }

    /** Entries the fuzzing created become targets of its deletes; the next cursors of listings, of its cursors. */
    private static void learn(HostileProbe probe, ProbeSender.Answer answer, FuzzTargets targets) {
        if (answer.status() == 201 && probe.target().startsWith("/media/api/files")) {
            Matcher id = ID.matcher(answer.bodyText());
            if (id.find()) {
                targets.addOwn(id.group(1));
            }
        }
        String link = answer.header("link");
        if (link != null) {
            Matcher cursor = NEXT_CURSOR.matcher(link);
            if (cursor.find()) {
                String value = java.net.URLDecoder.decode(cursor.group(1), StandardCharsets.UTF_8);
                if (probe.target().startsWith("/media/api/files")) {
                    targets.addCursor(value);
                }
            }
        }
    }

    /**
     * Real targets: a memory filesystem, entries on both filesystems (some compressed, some in a second resource),
     * deleted ones, cursors of several listings, signed links, and one finished job execution.
     */
    private static FuzzTargets seed() throws Exception {
        var targets = new FuzzTargets();
        HttpResponse<String> memory = api.send(api.request(LocalUser.ADMIN, "filesystems")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(Json.createObjectBuilder()
                        .add("fsKey", "fz-mem").add("protocol", "memory").add("name", "fuzzing in memory")
                        .add("params", Json.createObjectBuilder()).build().toString())));
        assertEquals(201, memory.statusCode(), memory::body);
        var random = new java.util.SplittableRandom(DEFAULT_SEED);
        for (int i = 0; i < 24; i++) {
            byte[] content = HostileRequests.content(random);
            String query = "resource=seeded&filename=seed-" + i + ".txt" + (i % 3 == 0 ? "&compress=gzip" : "")
                    + (i % 4 == 0 ? "&fsKey=fz-mem" : "") + (i % 5 == 0 ? "&resourceId=r" + i : "");
            JsonObject entry = api.upload(query, content);
            String id = entry.getString("id");
            if (i >= 18) {
                assertEquals(204, api.send(api.request(LocalUser.WRITER, "files/" + id).DELETE()).statusCode());
                targets.deletedIds.add(id);
                continue;
            }
            HttpResponse<String> head = api.send(api.request(LocalUser.READER, "files/" + id)
                    .method("HEAD", BodyPublishers.noBody()));
            assertEquals(200, head.statusCode());
            targets.seeded.add(new FuzzTargets.Entry(id, entry.getString("filehash"),
                    head.headers().firstValue("Last-Modified").orElseThrow(), content.length));
        }
        for (String listing : List.of("files?resource=seeded&limit=2", "files?limit=3", "files?resource=seeded"
                + "&resourceId=r5&limit=1", "files?fsKey=fz-mem&limit=1")) {
            String next = listing;
            for (int page = 0; page < 6 && next != null; page++) {
                HttpResponse<String> listed = api.get(LocalUser.READER, next);
                assertEquals(200, listed.statusCode(), listed::body);
                next = null;
                Matcher cursor = NEXT_CURSOR.matcher(listed.headers().firstValue("Link").orElse(""));
                if (cursor.find()) {
                    String value = java.net.URLDecoder.decode(cursor.group(1), StandardCharsets.UTF_8);
                    targets.addCursor(value);
                    next = listing + "&cursor=" + MediaApi.encode(value);
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> link = api.send(api.request(LocalUser.READER, "files/"
                    + targets.seeded.get(i).id() + "/links").POST(BodyPublishers.noBody()));
            assertEquals(201, link.statusCode(), link::body);
            String url = json(link).getString("url");
            targets.links.add(url.substring(url.indexOf("/links/") + "/links/".length()));
        }
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> job = api.send(api.request(LocalUser.ADMIN, "jobs/verify-sweep")
                    .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"chunkSize\":5}")));
            assertEquals(202, job.statusCode(), job::body);
            long execution = json(job).getJsonNumber("executionId").longValue();
            targets.executionIds.add(execution);
            awaitJobEnd(execution);
        }
        HttpResponse<String> jobs = api.get(LocalUser.ADMIN, "jobs?limit=1");
        Matcher jobCursor = NEXT_CURSOR.matcher(jobs.headers().firstValue("Link").orElse(""));
        if (jobCursor.find()) {
            targets.jobCursors.add(java.net.URLDecoder.decode(jobCursor.group(1), StandardCharsets.UTF_8));
        }
        assertTrue(!targets.cursors.isEmpty(), "the listings gave cursors");
        return targets;
    }

    private static void awaitJobEnd(long execution) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String status = json(api.get(LocalUser.ADMIN, "jobs/" + execution)).getString("status");
            if (!status.equals("STARTING") && !status.equals("STARTED")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("job execution " + execution + " did not end in 90 s");
    }

    /**
     * The server's vitals once its connections are closed and its heap collected: idle ({@code baseline} null)
     * after a short pause; after the run, measured again for up to a minute until within the tolerances of
     * {@code baseline} (closing connections and finishing work take a moment).
     */
    private static ServerVitals settledVitals(ServerVitals baseline) throws Exception {
        System.gc(); // unreachable HttpClients close their connections
        Thread.sleep(5_000);
        var resources = new ServerResources(server.pid());
        ServerVitals vitals = ServerVitals.measure(resources);
        if (baseline == null) {
            idleFdKinds = resources.fileDescriptorTargets();
            idleHistogram = resources.classHistogram();
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (baseline != null && System.nanoTime() < deadline
                && (vitals.heapUsedKiB() > baseline.heapUsedKiB() * (1 + HEAP_TOLERANCE)
                        || vitals.openFds() > baseline.openFds() + FD_TOLERANCE)) {
            System.out.println("[hostile-input] not settled yet: " + vitals + " (idle " + baseline + "); descriptors"
                    + " beyond idle: " + ServerResources.difference(idleFdKinds, resources.fileDescriptorTargets())
                    + " connections "
                    + ServerVitals.connectionStates(server.spec().httpPort()));
            System.gc();
            Thread.sleep(5_000);
            vitals = ServerVitals.measure(resources);
        }
        if (baseline != null) {
            heapGrowth = ServerResources.growth(idleHistogram, resources.classHistogram(), 15);
            System.out.println("[hostile-input] live bytes grown most since idle: " + heapGrowth);
        }
        System.out.println("[hostile-input] " + (baseline == null ? "idle: " : "after: ") + vitals);
        return vitals;
    }

    /**
     * The places the server writes on its own: its log and tmp, the transaction log, deployment content, the
     * kernel's id, the timer service's data, the H2 database and the storage roots (data/media/files, the
     * registered roots under data/media/filesystems). In the WildFly home, which this server only reads, nothing.
     */
    private static Predicate<Path> movingParts(Path base, Path home) {
        Path data = base.resolve("data");
        List<Path> moving = List.of(base.resolve("log"), base.resolve("tmp"), data.resolve("tx-object-store"),
                data.resolve("content"), data.resolve("kernel"), data.resolve("timer-service-data"),
                data.resolve("media/db"), data.resolve("media/files"), data.resolve("media/filesystems"));
        return path -> moving.stream().anyMatch(path::startsWith);
    }

    /** Files under the storage roots whose names come from a generated file name (keys must be the server's). */
    private static List<Path> storedKeysNamedByCaller(Path base) throws IOException {
        List<Path> named = new ArrayList<>();
        for (Path root : List.of(base.resolve("data/media/files"), base.resolve("data/media/filesystems"))) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> !p.equals(root)).filter(p -> callerNamed(root.relativize(p).toString()))
                        .forEach(named::add);
            }
        }
        return named;
    }

    private static boolean callerNamed(String relative) {
        String name = relative.toLowerCase(java.util.Locale.ROOT);
        return name.contains(HostileValues.NAME_MARKER) || name.contains("passwd") || name.contains("win.ini")
                || name.contains("boot.ini") || name.contains("seed-") || name.contains("..");
    }

    private static List<Path> markedFilesUnder(Path directory) throws IOException {
        try (Stream<Path> walk = Files.find(directory, 4, (p, a) -> p.getFileName() != null
                && p.getFileName().toString().contains(HostileValues.NAME_MARKER))) {
            return walk.toList();
        } catch (java.io.UncheckedIOException unreadable) {
            return List.of();
        }
    }
}
