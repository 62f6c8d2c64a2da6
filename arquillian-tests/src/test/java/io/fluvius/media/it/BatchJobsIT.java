package io.fluvius.media.it;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static io.fluvius.media.it.MediaApi.json;
import static java.util.stream.Collectors.joining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.Property;
import org.junit.jupiter.api.Test;

/**
 * The batch jobs over HTTP (README "Batch jobs"): orphan-gc collects a deleted entry's bytes; verify-sweep reports
 * a blob altered on disk and one deleted from it, with their blob and entry ids, and nothing else of this test's;
 * parameters are checked before any execution exists; jobs are for administrators only.
 */
class BatchJobsIT extends HttpApiTest {

    private static final long JOB_TIMEOUT_MS = 120_000;
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");

    @ArquillianResource
    private ManagementClient management;

    @Test
    void orphanGcCollectsTheBlobOfADeletedEntry() throws Exception {
        byte[] content = uniqueContent(50_000);
        JsonObject entry = api.upload("filename=orphan.bin&resource=" + MediaApi.uniqueResource("gc"), content);
        Path stored = stored(entry);
        assertTrue(Files.exists(stored));
        assertEquals(204, api.send(api.request(LocalUser.WRITER, "files/" + entry.getString("id")).DELETE()).statusCode());

        HttpResponse<String> started = start("orphan-gc", "{\"grace\": 0}");
        JsonObject execution = awaitEnd(started);

        assertEquals("COMPLETED", execution.getString("status"), execution::toString);
        assertEquals("PT0S", execution.getJsonObject("parameters").getString("grace"));
        JsonObject progress = execution.getJsonObject("progress");
        assertTrue(progress.getJsonNumber("blobsRemoved").longValue() >= 1, execution::toString);
        assertTrue(progress.getJsonNumber("bytes").longValue() >= content.length, execution::toString);
        assertFalse(Files.exists(stored), "the bytes of the deleted entry are gone");

        JsonObject listed = json(api.get(LocalUser.ADMIN, "jobs?limit=10"));
        var ids = listed.getJsonArray("items").stream()
                .map(item -> item.asJsonObject().getJsonNumber("executionId").longValue()).toList();
        assertTrue(ids.contains(execution.getJsonNumber("executionId").longValue()), listed::toString);
        var newestFirst = new ArrayList<>(ids);
        newestFirst.sort(java.util.Comparator.reverseOrder());
        assertEquals(newestFirst, ids, "newest first");
    }

    @Test
    void verifySweepReportsAlteredAndMissingBlobsWithTheirEntries() throws Exception {
        String resource = MediaApi.uniqueResource("sweep");
        JsonObject intact = api.upload("filename=intact.bin&resource=" + resource, uniqueContent(30_000));
        JsonObject altered = api.upload("filename=altered.bin&resource=" + resource, uniqueContent(30_000));
        JsonObject missing = api.upload("filename=missing.bin&resource=" + resource, uniqueContent(30_000));
        flipBit(stored(altered), 12_345);
        Files.delete(stored(missing));

        JsonObject execution = awaitEnd(start("verify-sweep", "{\"chunkSize\": 2}"));

        assertEquals("COMPLETED", execution.getString("status"), execution::toString);
        JsonObject progress = execution.getJsonObject("progress");
        assertTrue(progress.getJsonNumber("readCount").longValue() >= 3, execution::toString);
        assertTrue(progress.getJsonNumber("commitCount").longValue() >= 2, execution::toString);
        assertTrue(progress.getJsonNumber("bytes").longValue() >= 60_000, execution::toString);
        JsonObject corrupt = findingOf(execution, altered).orElseThrow(() -> new AssertionError("altered: " + execution));
        assertEquals("corrupt", corrupt.getString("kind"));
        assertNotNull(corrupt.getString("blobId"));
        JsonObject gone = findingOf(execution, missing).orElseThrow(() -> new AssertionError("missing: " + execution));
        assertEquals("missing", gone.getString("kind"));
        assertNotNull(gone.getString("blobId"));
        assertTrue(findingOf(execution, intact).isEmpty(), "an intact blob is no finding: " + execution);

        // The entries stay readable where they can be, and are cleaned up.
        for (JsonObject entry : List.of(intact, altered, missing)) {
            api.send(api.request(LocalUser.WRITER, "files/" + entry.getString("id")).DELETE());
        }
    }

    @Test
    void aFailedSweepRestartsAfterItsLastCommittedChunk() throws Exception {
        String resource = MediaApi.uniqueResource("restart");
        var entries = new ArrayList<JsonObject>();
        for (int i = 0; i < 12; i++) {
            entries.add(api.upload("filename=r" + i + ".bin&resource=" + resource, uniqueContent(5_000)));
        }
        JsonObject altered = entries.get(3);
        flipBit(stored(altered), 100);
        long blobs = awaitEnd(start("verify-sweep", "{\"chunkSize\": 2}")).getJsonObject("progress")
                .getJsonNumber("readCount").longValue();
        assertTrue(blobs >= 12, "blobs: " + blobs);

        JsonObject failed = awaitEnd(start("verify-sweep", "{\"chunkSize\": 2, \"failAtItem\": 5}"));
        assertEquals("FAILED", failed.getString("status"), failed::toString);
        assertEquals(2, failed.getJsonObject("progress").getInt("commitCount"), failed::toString);

        long failedId = failed.getJsonNumber("executionId").longValue();
        HttpResponse<String> restarted = api.send(api.request(LocalUser.ADMIN, "jobs/" + failedId + "/restart")
                .POST(BodyPublishers.noBody()));
        JsonObject done = awaitEnd(restarted);

        assertTrue(done.getJsonNumber("executionId").longValue() > failedId);
        assertEquals("COMPLETED", done.getString("status"), done::toString);
        assertEquals(blobs - 4, done.getJsonObject("progress").getJsonNumber("readCount").longValue(),
                "the two committed chunks are not read again: " + done);
        assertEquals("2", done.getJsonObject("parameters").getString("chunkSize"));
        JsonObject parameters = done.getJsonObject("parameters");
        assertTrue(!parameters.containsKey("failAtItem") || parameters.getString("failAtItem").isEmpty(),
                "a restart runs without the switch: " + parameters);
        long reported = done.getJsonArray("findings").stream().map(f -> f.asJsonObject())
                .filter(f -> f.getJsonArray("entryIds").getValuesAs(JsonString.class).stream()
                        .anyMatch(id -> id.getString().equals(altered.getString("id"))))
                .count();
        assertEquals(1, reported, "the altered blob is reported once over the execution and its restart: " + done);
        for (JsonObject entry : entries) {
            api.send(api.request(LocalUser.WRITER, "files/" + entry.getString("id")).DELETE());
        }
    }

    @Test
    void theListingPagesNewestFirstFollowingItsNextLink() throws Exception {
        for (int i = 0; i < 3; i++) {
            awaitEnd(start("orphan-gc", "{\"grace\": \"PT1H\"}"));
        }
        var all = ids(json(api.get(LocalUser.ADMIN, "jobs?limit=1000")));
        assertTrue(all.size() >= 3, all::toString);

        var walked = new ArrayList<Long>();
        URI page = api.api("jobs?limit=2");
        int pages = 0;
        while (page != null) {
            HttpResponse<String> listed = api.send(MediaApi.as(LocalUser.ADMIN, HttpRequest.newBuilder(page)).GET());
            assertEquals(200, listed.statusCode(), listed::body);
            JsonObject body = json(listed);
            assertEquals(2, body.getInt("limit"));
            walked.addAll(ids(body));
            Matcher next = NEXT.matcher(String.join(",", listed.headers().allValues("Link")));
            page = next.find() ? page.resolve(next.group(1)) : null;
            assertEquals(page != null, !body.isNull("nextCursor"), body::toString);
            if (page != null) {
                assertTrue(page.getQuery().contains("cursor=" + body.getString("nextCursor")), page::toString);
            }
            pages++;
        }
        assertEquals(all, walked, "the pages continue one another, newest first");
        assertTrue(pages >= 2, "pages: " + pages);

        assertProblem(api.get(LocalUser.ADMIN, "jobs?cursor=not-a-cursor"), 400, "media.invalid-cursor");
        assertProblem(api.get(LocalUser.ADMIN, "jobs?limit=-1"), 400, "media.invalid-request");
    }

    @Test
    void anExecutionShowsInTheManagementModel() throws Exception {
        JsonObject done = awaitEnd(start("orphan-gc", "{\"grace\": \"PT1H\"}"));

        ModelNode address = Operations.createAddress("deployment", "media.ear", "subdeployment", "media-batch.jar",
                "subsystem", "batch-jberet", "job", "orphan-gc", "execution",
                String.valueOf(done.getJsonNumber("executionId").longValue()));
        ModelNode operation = Operations.createReadResourceOperation(address);
        operation.get("include-runtime").set(true);
        ModelNode outcome = management.getControllerClient().execute(operation);
        assertTrue(Operations.isSuccessfulOutcome(outcome), () -> Operations.getFailureDescription(outcome).asString());
        assertEquals("COMPLETED", Operations.readResult(outcome).get("batch-status").asString(), outcome::toString);
        // Both views of one execution, side by side in the test's output (quoted in the note).
        System.out.printf("BatchJobsIT: GET /jobs/%d -> %s%n%s:read-resource(include-runtime=true) -> %s%n",
                done.getJsonNumber("executionId").longValue(), done, address, Operations.readResult(outcome));
    }

    @Test
    void theDefaultSchedulesArePersistentTimersOfTheSchedulerInTheManagementModel() throws Exception {
        ModelNode address = Operations.createAddress("deployment", "media.ear", "subdeployment", "media-batch.jar",
                "subsystem", "ejb3", "singleton-bean", "JobScheduler", "service", "timer-service");
        ModelNode operation = Operations.createReadResourceOperation(address, true);
        operation.get("include-runtime").set(true);
        ModelNode outcome = management.getControllerClient().execute(operation);
        assertTrue(Operations.isSuccessfulOutcome(outcome), () -> Operations.getFailureDescription(outcome).asString());

        var schedules = new TreeMap<String, String>();
        for (Property timer : Operations.readResult(outcome).get("timer").asPropertyListOrEmpty()) {
            ModelNode attributes = timer.getValue();
            assertTrue(attributes.get("persistent").asBoolean(), attributes::toString);
            ModelNode schedule = attributes.get("schedule");
            schedules.put(attributes.get("info").asString(), Stream.of("second", "minute", "hour", "day-of-month",
                    "month", "day-of-week").map(field -> schedule.get(field).asString()).collect(joining(" ")));
        }
        assertEquals(Map.of("orphan-gc", "0 0 3 * * *", "verify-sweep", "0 0 4 * * Sun"), schedules,
                "orphan-gc nightly and verify-sweep weekly, the other jobs off");
    }

    @Test
    void badParametersAreRefusedBeforeAnyExecutionExists() throws Exception {
        long newestBefore = newestExecutionId();

        assertProblem(start("orphan-gc", "{\"grace\": \"soon\"}"), 400, "media.invalid-job-parameter");
        assertProblem(start("orphan-gc", "{\"grace\": -5}"), 400, "media.invalid-job-parameter");
        assertProblem(start("orphan-gc", "{\"gracePeriod\": 0}"), 400, "media.invalid-job-parameter");
        assertProblem(start("verify-sweep", "{\"chunkSize\": 0}"), 400, "media.invalid-job-parameter");
        assertProblem(start("verify-sweep", "[1, 2]"), 400, "media.malformed-json");

        assertEquals(newestBefore, newestExecutionId(), "no execution was created");
    }

    @Test
    void onlyAdministratorsSeeOrRunJobs() throws Exception {
        assertProblem(api.get(LocalUser.READER, "jobs"), 403, "media.access-denied");
        assertProblem(api.get(LocalUser.WRITER, "jobs/1"), 403, "media.access-denied");
        assertProblem(api.send(api.request(LocalUser.WRITER, "jobs/verify-sweep")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{}"))), 403,
                "media.access-denied");
    }

    @Test
    void unknownExecutionIsNotFound() throws Exception {
        assertProblem(api.get(LocalUser.ADMIN, "jobs/987654321"), 404, "media.job-execution-not-found");
        assertProblem(api.send(api.request(LocalUser.ADMIN, "jobs/987654321/stop").POST(BodyPublishers.noBody())),
                404, "media.job-execution-not-found");
        assertProblem(api.send(api.request(LocalUser.ADMIN, "jobs/987654321/restart").POST(BodyPublishers.noBody())),
                404, "media.job-execution-not-found");
    }

    @Test
    void aCompletedExecutionIsNotRestarted() throws Exception {
        JsonObject done = awaitEnd(start("orphan-gc", "{\"grace\": \"PT1H\"}"));
        assertEquals("COMPLETED", done.getString("status"), done::toString);

        assertProblem(api.send(api.request(LocalUser.ADMIN, "jobs/" + done.getJsonNumber("executionId") + "/restart")
                .POST(BodyPublishers.noBody())), 400, "media.job-not-restartable");
    }

    private HttpResponse<String> start(String job, String parameters) throws IOException, InterruptedException {
        return api.send(api.request(LocalUser.ADMIN, "jobs/" + job).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(parameters)));
    }

    /** Follows a 202's Location until the execution has ended, and returns it. */
    private JsonObject awaitEnd(HttpResponse<String> started) throws Exception {
        assertEquals(202, started.statusCode(), started::body);
        JsonObject answer = json(started);
        long id = answer.getJsonNumber("executionId").longValue();
        String location = started.headers().firstValue("Location").orElseThrow();
        assertTrue(location.endsWith("/media/api/jobs/" + id), location);
        long deadline = System.currentTimeMillis() + JOB_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> polled = api.get(LocalUser.ADMIN, "jobs/" + id);
            assertEquals(200, polled.statusCode(), polled::body);
            JsonObject execution = json(polled);
            String status = execution.getString("status");
            if (List.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED").contains(status)) {
                return execution;
            }
            Thread.sleep(200);
        }
        return fail("execution " + id + " did not end within " + JOB_TIMEOUT_MS + " ms");
    }

    private long newestExecutionId() throws IOException, InterruptedException {
        HttpResponse<String> listed = api.get(LocalUser.ADMIN, "jobs?limit=1");
        assertEquals(200, listed.statusCode(), listed::body);
        var items = json(listed).getJsonArray("items");
        return items.isEmpty() ? -1 : items.getJsonObject(0).getJsonNumber("executionId").longValue();
    }

    private static List<Long> ids(JsonObject page) {
        return page.getJsonArray("items").stream()
                .map(item -> item.asJsonObject().getJsonNumber("executionId").longValue()).toList();
    }

    private static Optional<JsonObject> findingOf(JsonObject execution, JsonObject entry) {
        return execution.getJsonArray("findings").stream().map(f -> f.asJsonObject())
                .filter(f -> f.getJsonArray("entryIds").getValuesAs(JsonString.class).stream()
                        .anyMatch(id -> id.getString().equals(entry.getString("id"))))
                .findFirst();
    }

    private static byte[] uniqueContent(int size) {
        return MediaApi.randomBytes(size, ThreadLocalRandom.current().nextLong());
    }

    private static Path stored(JsonObject entry) {
        return Path.of(System.getProperty("jboss.home"), "standalone", "data", "media", "files", "media",
                entry.getString("fsPath"));
    }

    private static void flipBit(Path stored, long offset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(stored.toFile(), "rw")) {
            file.seek(offset);
            int b = file.read();
            file.seek(offset);
            file.write(b ^ 1);
        }
    }
}
