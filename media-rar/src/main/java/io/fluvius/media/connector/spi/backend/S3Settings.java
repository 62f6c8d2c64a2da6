package io.fluvius.media.connector.spi.backend;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;

/**
 * The parameters of an {@code s3} filesystem, validated. Every refusal names the parameter and never
 * repeats a value (a value given under the wrong name may be a secret).
 *
 * <p>Bounded failure: one request to the store (all its attempts) ends within {@code deadline}. jclouds
 * has no overall deadline of its own, so the bound is made by construction: {@code retries + 1}
 * attempts, each at most {@code connectTimeout + readTimeout} until the response starts, with jclouds'
 * back-off between them (at most {@link #BACKOFF_CAP_MILLIS} each), must fit in the deadline. Timeouts
 * left out are derived from the deadline; a combination that does not fit is refused. The read timeout
 * also bounds every wait for the next bytes of a body, so a stalled transfer fails instead of hanging.
 */
record S3Settings(String fsKey, URI endpoint, String region, String bucket, String identity, String credential,
        boolean pathStyle, int connectTimeoutMillis, int readTimeoutMillis, int retries, int deadlineMillis,
        int partSize, int parallelParts) {

    /** The parameters protocol {@code s3} takes. */
    static final String[] PARAMETERS = {"endpoint", "region", "bucket", "key", "secret", "pathStyle",
            "connectTimeout", "readTimeout", "retries", "deadline", "partSize", "parallelParts"};

    static final String DEFAULT_REGION = "us-east-1";
    static final int DEFAULT_DEADLINE_MILLIS = 10_000;
    static final int DEFAULT_RETRIES = 1;
    static final int MAX_RETRIES = 10;
    /** jclouds' first back-off; it grows to ten times this, which bounds each wait. */
    static final int RETRY_DELAY_START_MILLIS = 100;
    static final int BACKOFF_CAP_MILLIS = 10 * RETRY_DELAY_START_MILLIS;
    private static final int MAX_DEFAULT_CONNECT_TIMEOUT_MILLIS = 2_000;

    /** S3's smallest part but the last; also the threshold under which a write is one PUT. */
    static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** Parts are held whole in memory; beyond this a part would be a heap hazard, not a speed-up. */
    static final int MAX_PART_SIZE = 256 * 1024 * 1024;
    /**
     * Parts of one write sent at once while the next is read; a write holds at most this many parts in
     * memory, so {@code partSize × parallelParts} bounds it (16 MiB with the defaults, 8 MiB × 2).
     */
    static final int DEFAULT_PARALLEL_PARTS = 2;
    static final int MAX_PARALLEL_PARTS = 16;

    // S3's bucket naming rules (lower case, digits, dots, hyphens; 3 to 63; alphanumeric at both ends).
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(KiB|MiB|GiB)?");

    /** @throws InvalidFilesystemException naming the missing or bad parameter */
    static S3Settings of(FilesystemSpec spec) {
        String fsKey = spec.fsKey();
        String bucket = required(spec, "bucket", "the bucket to store under");
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw invalid(fsKey, "bucket", "is not a valid S3 bucket name (3 to 63 lower-case letters, digits, "
                    + "dots or hyphens, beginning and ending with a letter or digit)");
        }
        String identity = required(spec, "key", "the access key id");
        String credential = required(spec, "secret", "the secret access key");

        String region = optional(spec, "region");
        if (region == null) {
            region = DEFAULT_REGION;
        } else if (!REGION.matcher(region).matches()) {
            throw invalid(fsKey, "region", "is not a region name (lower-case letters, digits and hyphens)");
        }
        String endpointText = optional(spec, "endpoint");
        URI endpoint = endpointText == null ? awsEndpoint(region) : endpoint(fsKey, endpointText);

        String pathStyleText = optional(spec, "pathStyle");
        boolean pathStyle;
        if (pathStyleText == null) {
            // Any S3-compatible server takes path-style requests; virtual hosts need DNS (or AWS).
            pathStyle = endpointText != null;
        } else if (pathStyleText.equalsIgnoreCase("true") || pathStyleText.equalsIgnoreCase("false")) {
            pathStyle = Boolean.parseBoolean(pathStyleText);
        } else {
            throw invalid(fsKey, "pathStyle", "must be true or false");
        }

        Integer deadlineGiven = duration(spec, "deadline");
        int deadline = deadlineGiven == null ? DEFAULT_DEADLINE_MILLIS : deadlineGiven;
        Integer retriesGiven = integer(spec, "retries", 0, MAX_RETRIES);
        int retries = retriesGiven == null ? DEFAULT_RETRIES : retriesGiven;
        Integer connectGiven = duration(spec, "connectTimeout");
        Integer readGiven = duration(spec, "readTimeout");

        long backoff = (long) retries * BACKOFF_CAP_MILLIS;
        long perAttempt = (deadline - backoff) / (retries + 1);
        int connect;
        int read;
        if (connectGiven != null && readGiven != null) {
            connect = connectGiven;
            read = readGiven;
        } else if (connectGiven != null) {
            connect = connectGiven;
            read = (int) Math.max(0, perAttempt - connect);
        } else if (readGiven != null) {
            read = readGiven;
            connect = (int) Math.max(0, perAttempt - read);
        } else {
            connect = (int) Math.min(MAX_DEFAULT_CONNECT_TIMEOUT_MILLIS, perAttempt * 2 / 5);
            read = (int) Math.max(0, perAttempt - connect);
        }
        long worstCase = (long) (retries + 1) * ((long) connect + read) + backoff;
        if (connect <= 0 || read <= 0 || worstCase > deadline) {
            throw invalid(fsKey, "deadline", "(" + deadline + " ms) cannot hold " + (retries + 1)
                    + " attempts of connectTimeout + readTimeout with " + BACKOFF_CAP_MILLIS
                    + " ms of back-off between them; raise 'deadline' or lower 'retries', 'connectTimeout' or "
                    + "'readTimeout'");
        }

        Long partSizeGiven = size(spec, "partSize");
        int partSize = DEFAULT_PART_SIZE;
        if (partSizeGiven != null) {
            if (partSizeGiven < MIN_PART_SIZE || partSizeGiven > MAX_PART_SIZE) {
                throw invalid(fsKey, "partSize", "must be between 5 MiB (S3's smallest part) and 256 MiB");
            }
            partSize = partSizeGiven.intValue();
        }
        Integer parallelGiven = integer(spec, "parallelParts", 1, MAX_PARALLEL_PARTS);
        int parallelParts = parallelGiven == null ? DEFAULT_PARALLEL_PARTS : parallelGiven;
        return new S3Settings(fsKey, endpoint, region, bucket, identity, credential, pathStyle, connect, read,
                retries, deadline, partSize, parallelParts);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "S3Settings[fsKey=" + fsKey + ", endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
                + ", pathStyle=" + pathStyle + ", connectTimeout=" + connectTimeoutMillis + "ms, readTimeout="
                + readTimeoutMillis + "ms, retries=" + retries + ", deadline=" + deadlineMillis + "ms, partSize="
                + partSize + ", parallelParts=" + parallelParts + "]";
    }

    private static URI awsEndpoint(String region) {
        return URI.create(DEFAULT_REGION.equals(region) ? "https://s3.amazonaws.com"
                : "https://s3." + region + ".amazonaws.com");
    }

    private static URI endpoint(String fsKey, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid(fsKey, "endpoint", "is not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            throw invalid(fsKey, "endpoint", "must be http:// or https:// with a host (and port), without path, "
                    + "query or user information");
        }
        return URI.create(scheme + "://" + uri.getRawAuthority());
    }

    private static String required(FilesystemSpec spec, String name, String what) {
        String value = optional(spec, name);
        if (value == null) {
            throw new InvalidFilesystemException("Filesystem '" + spec.fsKey() + "' (protocol s3) needs the parameter '"
                    + name + "': " + what);
        }
        return value;
    }

    private static String optional(FilesystemSpec spec, String name) {
        String value = spec.param(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Milliseconds, or null when not given; parsed as every protocol's durations are. */
    private static Integer duration(FilesystemSpec spec, String name) {
        Duration duration = new SpecValues(spec, "s3").duration(name, null);
        return duration == null ? null : (int) duration.toMillis();
    }

    private static Integer integer(FilesystemSpec spec, String name, int min, int max) {
        String text = optional(spec, name);
        if (text == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Refused below.
        }
        throw invalid(spec.fsKey(), name, "must be a whole number from " + min + " to " + max);
    }

    private static Long size(FilesystemSpec spec, String name) {
        String text = optional(spec, name);
        if (text == null) {
            return null;
        }
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw invalid(spec.fsKey(), name, "must be a number of bytes, or a number followed by KiB, MiB or GiB");
        }
        long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
            case "KiB" -> 1024L;
            case "MiB" -> 1024L * 1024;
            default -> 1024L * 1024 * 1024;
        };
        return Long.parseLong(m.group(1)) * unit;
    }

    private static InvalidFilesystemException invalid(String fsKey, String name, String why) {
        return new InvalidFilesystemException("Filesystem '" + fsKey + "' (protocol s3): parameter '" + name + "' "
                + why);
    }
}
