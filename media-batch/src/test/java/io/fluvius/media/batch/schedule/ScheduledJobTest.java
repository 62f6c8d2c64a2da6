package io.fluvius.media.batch.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.fluvius.media.batch.JobCatalog;

class ScheduledJobTest {

    private static Map<String, ScheduledJob> read(Map<String, String> config) {
        var byName = new HashMap<String, ScheduledJob>();
        ScheduledJob.read(config::get).forEach(job -> byName.put(job.jobName(), job));
        return byName;
    }

    private static String schedule(ScheduledJob job) {
        return job.schedule().map(JobSchedule::toString).orElse("off");
    }

    @Test
    void byDefaultOrphanGcRunsNightlyVerifySweepWeeklyAndTheOthersNever() {
        Map<String, ScheduledJob> jobs = read(Map.of());

        assertEquals(JobCatalog.JOB_NAMES, ScheduledJob.read(key -> null).stream().map(ScheduledJob::jobName).toList());
        assertEquals("0 0 3 * * *", schedule(jobs.get("orphan-gc")));
        assertEquals("0 0 4 * * Sun", schedule(jobs.get("verify-sweep")));
        for (String job : List.of("bulk-copy", "compress-sweep", "dedup-sweep")) {
            assertEquals("off", schedule(jobs.get(job)), job);
        }
    }

    @Test
    void aScheduleIsChangedOrTurnedOffByItsKey() {
        Map<String, ScheduledJob> jobs = read(Map.of(
                "media.jobs.orphan-gc.schedule", "*/10 * * * * *",
                "media.jobs.verify-sweep.schedule", "off",
                "media.jobs.dedup-sweep.schedule", "@weekly"));

        assertEquals("*/10 * * * * *", schedule(jobs.get("orphan-gc")));
        assertEquals("off", schedule(jobs.get("verify-sweep")));
        assertEquals("0 0 0 * * Sun", schedule(jobs.get("dedup-sweep")));
        assertEquals("off", schedule(read(Map.of("media.jobs.orphan-gc.schedule", "")).get("orphan-gc")),
                "an empty value turns it off too");
    }

    @Test
    void scheduledRunsGetTheJobsDefaultParametersOrThoseConfigured() {
        Instant run = Instant.parse("2026-12-03T03:00:00Z");
        assertEquals(Map.of("grace", "PT1H"), read(Map.of()).get("orphan-gc").parametersAt(run));

        Map<String, ScheduledJob> jobs = read(Map.of(
                "media.jobs.orphan-gc.parameters", "grace=7200",
                "media.jobs.verify-sweep.parameters", " chunkSize = 50 "));

        assertEquals(Map.of("grace", "PT2H"), jobs.get("orphan-gc").parametersAt(run));
        assertEquals(Map.of("chunkSize", "50"), jobs.get("verify-sweep").parametersAt(run));
    }

    @Test
    void aBadScheduleOrParameterFailsNamingTheKey() {
        Function<Map<String, String>, String> failure = config ->
                assertThrows(IllegalArgumentException.class, () -> read(config)).getMessage();

        String badSchedule = failure.apply(Map.of("media.jobs.orphan-gc.schedule", "0 0 25 * * *"));
        assertTrue(badSchedule.startsWith("media.jobs.orphan-gc.schedule='0 0 25 * * *': the hour field"), badSchedule);
        String badValue = failure.apply(Map.of("media.jobs.orphan-gc.parameters", "grace=soon"));
        assertTrue(badValue.startsWith("media.jobs.orphan-gc.parameters='grace=soon': 'soon' is not a duration"),
                badValue);
        String unknown = failure.apply(Map.of("media.jobs.verify-sweep.parameters", "grace=PT1H"));
        assertTrue(unknown.contains("has no parameter 'grace'"), unknown);
        String notAPair = failure.apply(Map.of("media.jobs.verify-sweep.parameters", "chunkSize"));
        assertTrue(notAPair.contains("'chunkSize' is not name=value"), notAPair);
    }

    @Test
    void aScheduledSweepSelectsTheEntriesCreatedBeforeEachRunAndNeedsItsRequiredParameters() {
        ScheduledJob job = read(Map.of("media.jobs.compress-sweep.schedule", "@daily",
                "media.jobs.compress-sweep.parameters", "compress=zstd,resource=invoice")).get("compress-sweep");

        assertEquals(Optional.of("0 0 0 * * *"), job.schedule().map(JobSchedule::toString));
        assertEquals("2026-12-03T00:00:00Z", job.parametersAt(Instant.parse("2026-12-03T00:00:00Z")).get("createdBefore"));
        assertEquals("2026-12-04T00:00:00Z", job.parametersAt(Instant.parse("2026-12-04T00:00:00Z")).get("createdBefore"));
        assertTrue(read(Map.of()).get("bulk-copy").schedule().isEmpty(), "off, and without parameters: fine");

        String missing = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of("media.jobs.bulk-copy.schedule", "@daily"))).getMessage();
        assertTrue(missing.contains("destination"), missing);
    }
}
