package io.fluvius.media.batch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import io.fluvius.media.core.EntrySelection;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.compress.CompressionMethod;

/**
 * The jobs of the product and the parameters each takes: checked, and defaults filled in, before a job starts,
 * so that a bad parameter is a 400 and never a failed execution. Plain Java.
 */
public final class JobCatalog {

    /** Every job of API.md §3. */
    public static final List<String> JOB_NAMES = List.of(
            "bulk-copy", "compress-sweep", "dedup-sweep", "verify-sweep", "orphan-gc");

    public static final String GRACE = "grace";
    public static final String CHUNK_SIZE = "chunkSize";
    /** bulk-copy: the filesystem entries are copied (or moved) to. */
    public static final String DESTINATION = "destination";
    /** bulk-copy: switch each entry to its copy (a verified migration) instead of making a new entry. */
    public static final String MOVE = "move";
    /** bulk-copy: the copies' compression (default: as the original); compress-sweep: the new compression. */
    public static final String COMPRESS = "compress";
    /** The selection of bulk-copy and compress-sweep; see {@link io.fluvius.media.core.EntrySelection}. */
    public static final String RESOURCE = "resource";
    public static final String RESOURCE_ID = "resourceId";
    public static final String FILESYSTEM = "filesystem";
    public static final String CREATED_AFTER = "createdAfter";
    public static final String CREATED_BEFORE = "createdBefore";
    /** The parameters that name a filesystem: checked against the registered ones before a job starts. */
    public static final List<String> FILESYSTEM_PARAMETERS = List.of(DESTINATION, FILESYSTEM);
    public static final int MAX_CHUNK_SIZE = 1000;
    /**
     * Test-only failure switch of verify-sweep: its n-th item (1-based) of an execution fails, so that a test can
     * see a restart continue from the last checkpoint. A restart runs without it.
     */
    public static final String FAIL_AT_ITEM = "failAtItem";

    /** One parameter: its default, and how a given value is checked and written canonically. */
    private record Parameter(String defaultValue, UnaryOperator<String> canonical) {
    }

    /** The default of a parameter that has none and must be given. */
    private static final String REQUIRED = "\0required";

    private static final Parameter CHUNK = new Parameter("100", JobCatalog::chunkSize);
    private static final Parameter FAILURE_SWITCH = new Parameter(null, JobCatalog::positive);

    private static final Map<String, Map<String, Parameter>> PARAMETERS = Map.of(
            "orphan-gc", Map.of(GRACE, new Parameter("PT1H", JobCatalog::duration)),
            "verify-sweep", Map.of(CHUNK_SIZE, CHUNK, FAIL_AT_ITEM, FAILURE_SWITCH),
            "bulk-copy", selection(Map.of(DESTINATION, new Parameter(REQUIRED, JobCatalog::text),
                    MOVE, new Parameter("false", JobCatalog::bool),
                    COMPRESS, new Parameter(null, JobCatalog::compression))),
            "compress-sweep", selection(Map.of(COMPRESS, new Parameter(REQUIRED, JobCatalog::compression))),
            "dedup-sweep", Map.of(CHUNK_SIZE, CHUNK, FAIL_AT_ITEM, FAILURE_SWITCH));

    /** A job's own parameters plus those that select entries, the chunk size and the failure switch. */
    private static Map<String, Parameter> selection(Map<String, Parameter> own) {
        var all = new TreeMap<>(own);
        all.put(RESOURCE, new Parameter(null, JobCatalog::text));
        all.put(RESOURCE_ID, new Parameter(null, JobCatalog::text));
        all.put(FILESYSTEM, new Parameter(null, JobCatalog::text));
        all.put(CREATED_AFTER, new Parameter(null, JobCatalog::instant));
        all.put(CREATED_BEFORE, new Parameter(null, JobCatalog::instant));
        all.put(CHUNK_SIZE, CHUNK);
        all.put(FAIL_AT_ITEM, FAILURE_SWITCH);
        return Map.copyOf(all);
    }

    private JobCatalog() {
    }

    /**
     * The job's parameters, checked, canonical and with defaults filled in.
     *
     * @throws InvalidMediaRequestException {@code media.unknown-job}, or {@code media.invalid-job-parameter} for an
     *                                      unknown parameter or a bad value
     */
    public static Map<String, String> validate(String jobName, Map<String, String> given) {
        return validate(jobName, given, Instant.now());
    }

    /**
     * The job's parameters, checked, canonical and with defaults filled in, for an execution starting at
     * {@code startsAt}: a job that selects entries selects those created before it started, unless told otherwise
     * (what it creates itself, and what arrives meanwhile, is not its work; a restart keeps the bound).
     */
    public static Map<String, String> validate(String jobName, Map<String, String> given, Instant startsAt) {
        if (jobName == null || !JOB_NAMES.contains(jobName)) {
            throw new InvalidMediaRequestException("media.unknown-job",
                    "Unknown job '" + jobName + "'; the jobs are " + String.join(", ", JOB_NAMES));
        }
        Map<String, Parameter> known = PARAMETERS.get(jobName);
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
        for (var parameter : new TreeMap<>(known).entrySet()) {
            String defaultValue = parameter.getValue().defaultValue();
            if (REQUIRED.equals(defaultValue) && !result.containsKey(parameter.getKey())) {
                throw invalid("The job '" + jobName + "' needs the parameter '" + parameter.getKey() + "'");
            }
            if (defaultValue != null && !REQUIRED.equals(defaultValue)) {
                result.putIfAbsent(parameter.getKey(), defaultValue);
            }
        }
        if (known.containsKey(CREATED_BEFORE)) {
            result.putIfAbsent(CREATED_BEFORE, startsAt.toString());
        }
        if (result.containsKey(CREATED_AFTER) && result.containsKey(CREATED_BEFORE)
                && !Instant.parse(result.get(CREATED_AFTER)).isBefore(Instant.parse(result.get(CREATED_BEFORE)))) {
            throw invalid("createdAfter must be before createdBefore, were " + result.get(CREATED_AFTER) + " and "
                    + result.get(CREATED_BEFORE));
        }
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

    /** The selection of entries the job's parameters make. */
    public static EntrySelection selection(String resource, String resourceId, String filesystem, String createdAfter,
                                           String createdBefore) {
        return new EntrySelection(blankToNull(resource), blankToNull(resourceId), blankToNull(filesystem),
                blankToNull(createdAfter) == null ? null : Instant.parse(createdAfter),
                blankToNull(createdBefore) == null ? null : Instant.parse(createdBefore));
    }

    /** A job parameter as an XML job property gives it: unset properties are empty strings. */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String text(String value) {
        if (value.isEmpty() || value.length() > 255 || value.indexOf('\0') >= 0) {
            throw invalid("A value of 1 to 255 characters without NUL is needed, was '" + value + "'");
        }
        return value;
    }

    private static String bool(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw invalid("'" + value + "' is not true or false");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** A compression name as the API takes it ({@code none} for uncompressed), written as the constant's name. */
    private static String compression(String value) {
        try {
            return CompressionMethod.parse(value).map(Enum::name).orElse("none");
        } catch (InvalidMediaRequestException e) {
            throw invalid(e.getMessage());
        }
    }

    /** An ISO-8601 instant ({@code 2026-12-01T00:00:00Z}); a date alone is its start in UTC. */
    private static String instant(String value) {
        try {
            return Instant.parse(value).toString();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
            } catch (DateTimeParseException notADate) {
                throw invalid("'" + value + "' is not an ISO-8601 instant (2026-12-01T00:00:00Z) or date (2026-12-01)");
            }
        }
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
