package io.fluvius.media.core.metrics;

/**
 * One finished operation, as {@link MediaMetrics} receives it. Every value is bounded: {@code fs} is a filesystem
 * key an earlier operation succeeded on, {@code all}, {@code unknown} or {@code other}; {@code outcome} is
 * {@code ok}, an error code of the core ({@code media.not-found}) or {@code error}.
 *
 * @param bytes content bytes moved (see {@link MediaOperation}); for a read, those the caller consumed
 * @param nanos from the call to the end of the operation (for a read: until the stream was closed)
 */
public record OperationSample(MediaOperation operation, String fs, String outcome, long bytes, long nanos) {

    public static final String OK = "ok";

    public boolean succeeded() {
        return OK.equals(outcome);
    }
}
