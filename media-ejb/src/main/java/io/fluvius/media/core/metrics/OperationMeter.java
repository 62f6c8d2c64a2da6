package io.fluvius.media.core.metrics;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import io.fluvius.media.core.MediaException;

/**
 * Times operations and turns what they return or throw into {@link OperationSample}s with bounded tags: a
 * filesystem key becomes a tag only once an operation on it succeeded (so a key a caller made up, which can
 * only fail, never does), at most {@value #MAX_FILESYSTEMS} of them; an error is tagged with its core code.
 */
public final class OperationMeter {

    /** Measures nothing and reports nothing. */
    public static final OperationMeter NONE = new OperationMeter(MediaMetrics.NONE, () -> 0L);

    static final int MAX_FILESYSTEMS = 256;
    static final String ANY_FILESYSTEM = "all";
    static final String UNKNOWN_FILESYSTEM = "unknown";
    static final String OTHER_FILESYSTEM = "other";
    static final String ERROR = "error";
    private static final Pattern CODE = Pattern.compile("media\\.[a-z0-9-]{1,48}");

    private final MediaMetrics sink;
    private final LongSupplier nanoTime;
    private final Set<String> filesystems = ConcurrentHashMap.newKeySet();

    public OperationMeter(MediaMetrics sink) {
        this(sink, System::nanoTime);
    }

    OperationMeter(MediaMetrics sink, LongSupplier nanoTime) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.nanoTime = nanoTime;
    }

    /** Starts timing one operation; the caller ends it once, with {@link Measurement#succeeded} or {@code failed}. */
    public Measurement start(MediaOperation operation) {
        return new Measurement(this, operation, nanoTime.getAsLong());
    }

    void report(Measurement measurement, String fs, String outcome, long bytes) {
        if (sink == MediaMetrics.NONE) {
            return;
        }
        sink.record(new OperationSample(measurement.operation(), fs, outcome, bytes,
                nanoTime.getAsLong() - measurement.started()));
    }

    /** The tag of a filesystem an operation succeeded on: its key, which makes it known. */
    String succeededOn(String fsKey) {
        if (fsKey == null) {
            return ANY_FILESYSTEM;
        }
        if (filesystems.contains(fsKey)) {
            return fsKey;
        }
        if (filesystems.size() >= MAX_FILESYSTEMS) {
            return OTHER_FILESYSTEM;
        }
        filesystems.add(fsKey);
        return fsKey;
    }

    /** The tag of a filesystem an operation failed on: its key once known, else {@code unknown}. */
    String failedOn(String fsKey) {
        if (fsKey == null) {
            return UNKNOWN_FILESYSTEM;
        }
        return filesystems.contains(fsKey) ? fsKey : UNKNOWN_FILESYSTEM;
    }

    static String outcomeOf(Throwable failure) {
        // A stream's IOException may carry the core's error (a failed block check) as its cause.
        if (!(failure instanceof MediaException) && failure != null && failure.getCause() instanceof MediaException) {
            failure = failure.getCause();
        }
        if (failure instanceof MediaException media && media.code() != null && CODE.matcher(media.code()).matches()) {
            return media.code();
        }
        return ERROR;
    }
}
