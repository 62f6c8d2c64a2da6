package io.fluvius.media.it.process;

import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.json.JsonObject;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;

/**
 * The jobs API as the process tests (and the fault suite, through the test-jar) drive it: start a job, poll an
 * execution, read its progress.
 */
public final class JobCalls {

    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");

    private JobCalls() {
    }

    /** Starts {@code job} as the administrator with these JSON parameters; its execution id. */
    public static long start(MediaApi api, String job, String parameters) throws IOException, InterruptedException {
        return started(api.send(api.request(LocalUser.ADMIN, "jobs/" + job)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(parameters))));
    }

    /** The execution id of a 202 that started (or restarted) a job. */
    public static long started(HttpResponse<String> response) {
        assertEquals(202, response.statusCode(), response::body);
        return json(response).getJsonNumber("executionId").longValue();
    }

    /** Polls the execution until {@code until} holds, failing after {@code timeout}. */
    public static JsonObject await(MediaApi api, long executionId, Duration timeout, Predicate<JsonObject> until)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject execution;
        do {
            HttpResponse<String> polled = api.get(LocalUser.ADMIN, "jobs/" + executionId);
            assertEquals(200, polled.statusCode(), polled::body);
            execution = json(polled);
            if (until.test(execution)) {
                return execution;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return fail("execution " + executionId + " after " + timeout.toSeconds() + " s: " + execution);
    }

    public static boolean ended(JsonObject execution) {
        return ENDED.contains(execution.getString("status"));
    }

    public static long progress(JsonObject execution, String count) {
        return execution.getJsonObject("progress").getJsonNumber(count).longValue();
    }
}
