package io.fluvius.media.fault;

import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;

/** Batch executions as the jobs API shows them. */
final class JobExecutions {

    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");

    private JobExecutions() {
    }

    /** The execution id of a 202 that started (or restarted) a job. */
    static long started(HttpResponse<String> response) {
        assertEquals(202, response.statusCode(), response::body);
        return json(response).getJsonNumber("executionId").longValue();
    }

    /** Polls the execution as the administrator until {@code until} holds; fails after {@code timeout}. */
    static JsonObject await(MediaApi api, long executionId, Duration timeout, Predicate<JsonObject> until)
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
        throw new AssertionError("execution " + executionId + " after " + timeout.toSeconds() + " s: " + execution);
    }

    static boolean ended(JsonObject execution) {
        return ENDED.contains(execution.getString("status"));
    }

    static long progress(JsonObject execution, String count) {
        return execution.getJsonObject("progress").getJsonNumber(count).longValue();
    }
}
