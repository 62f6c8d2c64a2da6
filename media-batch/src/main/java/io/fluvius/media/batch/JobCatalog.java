package io.fluvius.media.batch;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaNotImplementedException;

/**
 * The jobs of the product and the parameters each takes: checked, and defaults filled in, before a job starts,
 * so that a bad parameter is a 400 and never a failed execution. Plain Java.
 */
public final class JobCatalog {

    /** Every job of API.md §3. */
    public static final List<String> JOB_NAMES = List.of(
            "bulk-copy", "compress-sweep", "dedup-sweep", "verify-sweep", "orphan-gc");

    /** The jobs this version runs. */
    public static final List<String> BUILT = List.of("orphan-gc", "verify-sweep");

    public static final String GRACE = "grace";
    public static final String CHUNK_SIZE = "chunkSize";
    public static final int MAX_CHUNK_SIZE = 1000;
    /**
     * Test-only failure switch of verify-sweep: its n-th item (1-based) of an execution fails, so that a test can
     * see a restart continue from the last checkpoint. A restart runs without it.
     */
    public static final String FAIL_AT_ITEM = "failAtItem";

    /** One parameter: its default, and how a given value is checked and written canonically. */
    private record Parameter(String defaultValue, UnaryOperator<String> canonical) {
    }

    private static final Map<String, Map<String, Parameter>> PARAMETERS = Map.of(
            "orphan-gc", Map.of(GRACE, new Parameter("PT1H", JobCatalog::duration)),
            "verify-sweep", Map.of(CHUNK_SIZE, new Parameter("100", JobCatalog::chunkSize),
                    FAIL_AT_ITEM, new Parameter(null, JobCatalog::positive)));

    private JobCatalog() {
    }

    /**
     * The job's parameters, checked, canonical and with defaults filled in.
     *
     * @throws InvalidMediaRequestException {@code media.unknown-job}, or {@code media.invalid-job-parameter} for an
     *                                      unknown parameter or a bad value
     * @throws MediaNotImplementedException for a job of the contract that this version does not run yet
     */
    public static Map<String, String> validate(String jobName, Map<String, String> given) {
        if (jobName == null || !JOB_NAMES.contains(jobName)) {
            throw new InvalidMediaRequestException("media.unknown-job",
                    "Unknown job '" + jobName + "'; the jobs are " + String.join(", ", JOB_NAMES));
        }
        Map<String, Parameter> known = PARAMETERS.get(jobName);
        if (known == null) {
            throw new MediaNotImplementedException("The job '" + jobName + "' is not available yet; this version runs "
                    + String.join(" and ", BUILT));
        }
        var result = new TreeMap<String, String>();
        Map<String, String> params = given == null ? Map.of() : given;
        for (var param : params.entrySet()) {
            Parameter parameter = known.get(param.getKey());
            if (parameter == null) {
                throw invalid("The job '" + jobName + "' has no parameter '" + param.getKey() + "'; it takes "
                        + String.join(", ", new TreeMap<>(known).keySet()));
            }
            if (param.getValue() == null) {
                throw invalid("The parameter '" + param.getKey() + "' needs a value");
            }
            result.put(param.getKey(), parameter.canonical().apply(param.getValue().strip()));
        }
        known.forEach((name, parameter) -> {
            if (parameter.defaultValue() != null) {
                result.putIfAbsent(name, parameter.defaultValue());
            }
        });
        return result;
    }

    /**
     * The parameters of a restart: the original ones with the test-only failure switch blanked out (blank, not
     * removed: the runtime lays restart parameters over the original ones).
     */
    public static Properties restartParameters(Properties original) {
        var properties = new Properties();
        if (original != null) {
            properties.putAll(original);
        }
        if (properties.containsKey(FAIL_AT_ITEM)) {
            properties.setProperty(FAIL_AT_ITEM, "");
        }
        return properties;
    }

    public static Properties properties(Map<String, String> params) {
        var properties = new Properties();
        properties.putAll(params);
        return properties;
    }

    /** A grace period: whole seconds, or an ISO-8601 duration ({@code PT10M}); zero or more. */
    public static Duration parseDuration(String value) {
        Duration duration;
        try {
            duration = value.chars().allMatch(Character::isDigit) && !value.isEmpty()
                    ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw invalid("'" + value + "' is not a duration: give whole seconds (3600) or ISO-8601 (PT1H)");
        }
        if (duration.isNegative()) {
            throw invalid("A duration must be zero or more, was " + value);
        }
        return duration;
    }

    private static String duration(String value) {
        return parseDuration(value).toString();
    }

    private static String chunkSize(String value) {
        int size;
        try {
            size = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid("chunkSize must be a whole number from 1 to " + MAX_CHUNK_SIZE + ", was '" + value + "'");
        }
        if (size < 1 || size > MAX_CHUNK_SIZE) {
            throw invalid("chunkSize must be from 1 to " + MAX_CHUNK_SIZE + ", was " + size);
        }
        return Integer.toString(size);
    }

    private static String positive(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return Integer.toString(n);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid("'" + value + "' is not a whole number of 1 or more");
    }

    private static InvalidMediaRequestException invalid(String message) {
        return new InvalidMediaRequestException("media.invalid-job-parameter", message);
    }
}
