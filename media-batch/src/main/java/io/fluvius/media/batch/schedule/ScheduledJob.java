package io.fluvius.media.batch.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import io.fluvius.media.batch.JobCatalog;

/**
 * One job's schedule as the configuration gives it: {@code media.jobs.<job>.schedule} (a {@link JobSchedule}, or
 * off) and {@code media.jobs.<job>.parameters} (what each run gets, e.g. {@code grace=PT2H}; checked by
 * {@link JobCatalog} here, so that a bad one fails at start-up and not at 3 a.m.). Unset, a schedule is the job's
 * default: {@code orphan-gc} nightly, {@code verify-sweep} weekly, the others off. Plain Java.
 *
 * @param jobName    one of {@link JobCatalog#JOB_NAMES}
 * @param schedule   when it runs; empty when its schedule is off
 * @param parameters its parameters as configured (checked); {@link #parametersAt} completes them for a run
 */
public record ScheduledJob(String jobName, Optional<JobSchedule> schedule, Map<String, String> parameters) {

    /** Nightly at 03:00: garbage collection of what the hourly built-in one left (see README, "Schedules"). */
    public static final String ORPHAN_GC_DEFAULT = "0 0 3 * * *";
    /** Weekly, Sundays at 04:00: re-reading every blob costs a full read of the storage. */
    public static final String VERIFY_SWEEP_DEFAULT = "0 0 4 * * Sun";

    private static final Map<String, String> DEFAULTS = Map.of(
            "orphan-gc", ORPHAN_GC_DEFAULT,
            "verify-sweep", VERIFY_SWEEP_DEFAULT);

    public ScheduledJob {
        parameters = Map.copyOf(parameters);
    }

    /**
     * The parameters of a run starting at {@code startsAt}: canonical, with the job's defaults, among them those
     * that depend on the start (a sweep selects the entries created before its run started).
     */
    public Map<String, String> parametersAt(Instant startsAt) {
        return JobCatalog.validate(jobName, parameters, startsAt);
    }

    public static String scheduleKey(String jobName) {
        return "media.jobs." + jobName + ".schedule";
    }

    public static String parametersKey(String jobName) {
        return "media.jobs." + jobName + ".parameters";
    }

    /**
     * Every job of {@link JobCatalog#JOB_NAMES}, read from a configuration.
     *
     * @param config a key's raw value: {@code null} when it is not set, {@code ""} when it is set empty
     * @throws IllegalArgumentException naming the key and value that are wrong, and why
     */
    public static List<ScheduledJob> read(UnaryOperator<String> config) {
        return JobCatalog.JOB_NAMES.stream().map(job -> read(job, config)).toList();
    }

    static ScheduledJob read(String jobName, UnaryOperator<String> config) {
        String scheduleKey = scheduleKey(jobName);
        String text = config.apply(scheduleKey);
        if (text == null) {
            text = DEFAULTS.getOrDefault(jobName, JobSchedule.OFF);
        }
        Optional<JobSchedule> schedule;
        try {
            schedule = JobSchedule.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(scheduleKey + "='" + text.strip() + "': " + e.getMessage(), e);
        }
        String parametersKey = parametersKey(jobName);
        String parametersText = config.apply(parametersKey);
        Map<String, String> given = parameters(parametersKey, parametersText);
        var job = new ScheduledJob(jobName, schedule, given);
        // Checked now, so that a bad one fails at start-up and not at 3 a.m.; a job that is off and configured with
        // no parameters needs none (bulk-copy has no default destination).
        if (schedule.isPresent() || !given.isEmpty()) {
            try {
                job.parametersAt(Instant.now());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(parametersKey + "='" + parametersText + "': " + e.getMessage(), e);
            }
        }
        return job;
    }

    /** {@code name=value} pairs, comma-separated: {@code grace=PT2H} or {@code chunkSize=50,failAtItem=3}. */
    static Map<String, String> parameters(String key, String text) {
        var parameters = new TreeMap<String, String>();
        if (text == null || text.isBlank()) {
            return parameters;
        }
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? "" : pair.substring(0, equals).strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(key + "='" + text + "': '" + pair.strip() + "' is not name=value;"
                        + " write the parameters as name=value pairs separated by commas, e.g. grace=PT2H");
            }
            parameters.put(name, pair.substring(equals + 1).strip());
        }
        return parameters;
    }
}
