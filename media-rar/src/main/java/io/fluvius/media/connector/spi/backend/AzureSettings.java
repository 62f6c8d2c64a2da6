package io.fluvius.media.connector.spi.backend;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;

/**
 * The parameters of an {@code azure} filesystem, checked without any network call. Messages name the
 * parameter and never carry the value of {@code key}, the account's secret.
 *
 * <p>Failure is bounded: one HTTP exchange waits at most {@code connectTimeout + readTimeout} for an
 * answer, and is tried {@code retries + 1} times with short pauses between; the definition is refused unless
 * all of that fits in {@code deadline}. (A body that keeps arriving may take longer: the read timeout bounds
 * silences, not transfers.)
 */
record AzureSettings(String fsKey, String account, String key, URI endpoint, String container,
                     Duration connectTimeout, Duration readTimeout, int retries, Duration deadline, int blockSize,
                     int parallelBlocks) {

    static final String[] PARAMETERS = {"account", "key", "endpoint", "container", "connectTimeout", "readTimeout",
            "retries", "deadline", "blockSize", "parallelBlocks"};

    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(2_500);
    static final long RETRY_DELAY_START_MILLIS = 50;
    static final int DEFAULT_RETRIES = 1;
    static final int DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024;
    /** Azure's limit for one block in the API versions jclouds speaks (2019-12-12 and later allow 4000 MiB). */
    static final int MAX_BLOCK_SIZE = 100 * 1024 * 1024;
    /** Blocks of one write sent at once; with the one being read, {@code blockSize × parallelBlocks} bounds memory. */
    static final int DEFAULT_PARALLEL_BLOCKS = 2;
    static final int MAX_PARALLEL_BLOCKS = 16;

    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern CONTAINER = Pattern.compile("(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    static AzureSettings of(FilesystemSpec spec) {
        String fsKey = spec.fsKey();
        String account = required(spec, "account", "the storage account's name");
        if (!ACCOUNT.matcher(account).matches()) {
            throw invalid(fsKey, "account", "is not a storage account name (3 to 24 lowercase letters and digits)");
        }
        String key = required(spec, "key", "the storage account's access key (base64)");
        try {
            if (Base64.getDecoder().decode(key.trim()).length == 0) {
                throw invalid(fsKey, "key", "is empty");
            }
        } catch (IllegalArgumentException e) {
            throw invalid(fsKey, "key", "is not base64, as an account key is");
        }
        URI endpoint = endpoint(spec, account);
        String container = optional(spec, "container", JcloudsBackend.CONTAINER);
        if (!CONTAINER.matcher(container).matches()) {
            throw invalid(fsKey, "container", "is not a container name (3 to 63 lowercase letters, digits and "
                    + "single hyphens, starting and ending with a letter or digit)");
        }
        Duration deadline = duration(spec, "deadline", DEFAULT_DEADLINE);
        Duration connectTimeout = duration(spec, "connectTimeout", DEFAULT_CONNECT_TIMEOUT);
        Duration readTimeout = duration(spec, "readTimeout", DEFAULT_READ_TIMEOUT);
        int retries = integer(spec, "retries", DEFAULT_RETRIES, 0, 10);
        int blockSize = integer(spec, "blockSize", DEFAULT_BLOCK_SIZE, 64 * 1024, MAX_BLOCK_SIZE);
        int parallelBlocks = integer(spec, "parallelBlocks", DEFAULT_PARALLEL_BLOCKS, 1, MAX_PARALLEL_BLOCKS);
        Duration worstCase = connectTimeout.plus(readTimeout).multipliedBy(retries + 1L).plus(backoff(retries));
        if (worstCase.compareTo(deadline) > 0) {
            throw invalid(fsKey, "deadline", "(" + deadline.toMillis() + " ms) is shorter than (retries + 1) x "
                    + "(connectTimeout + readTimeout) plus the pauses between retries = " + worstCase.toMillis()
                    + " ms; lower the timeouts or retries, or raise the deadline");
        }
        return new AzureSettings(fsKey, account, key.trim(), endpoint, container, connectTimeout, readTimeout,
                retries, deadline, blockSize, parallelBlocks);
    }

    /** jclouds pauses {@code RETRY_DELAY_START_MILLIS x n^2} before its n-th retry (BackoffLimitedRetryHandler). */
    static Duration backoff(int retries) {
        long millis = 0;
        for (long n = 1; n <= retries; n++) {
            millis += RETRY_DELAY_START_MILLIS * n * n;
        }
        return Duration.ofMillis(millis);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "AzureSettings[fsKey=" + fsKey + ", account=" + account + ", endpoint=" + endpoint + ", container="
                + container + "]";
    }

    private static URI endpoint(FilesystemSpec spec, String account) {
        return new SpecValues(spec, "azure").endpoint("endpoint", "https://" + account + ".blob.core.windows.net",
                "for Azurite: http://127.0.0.1:10000/" + account);
    }

    private static Duration duration(FilesystemSpec spec, String name, Duration fallback) {
        return new SpecValues(spec, "azure").duration(name, fallback);
    }

    private static int integer(FilesystemSpec spec, String name, int fallback, int min, int max) {
        return new SpecValues(spec, "azure").integer(name, fallback, min, max);
    }

    private static String required(FilesystemSpec spec, String name, String what) {
        return new SpecValues(spec, "azure").required(name, what);
    }

    private static String optional(FilesystemSpec spec, String name, String fallback) {
        return new SpecValues(spec, "azure").optional(name, fallback);
    }

    static InvalidFilesystemException invalid(String fsKey, String parameter, String why) {
        return SpecValues.invalid(fsKey, "azure", parameter, why);
    }
}
