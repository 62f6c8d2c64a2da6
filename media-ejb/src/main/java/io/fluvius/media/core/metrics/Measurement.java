package io.fluvius.media.core.metrics;

import java.io.InputStream;

/**
 * One operation being timed. It is reported once: by {@link #succeeded}, {@link #failed}, or, for a read handed
 * out as a stream or a file, when that is closed. {@link #abandon} reports nothing (the operation did not happen
 * here after all).
 */
public final class Measurement {

    private final OperationMeter meter;
    private final MediaOperation operation;
    private final long started;
    private String fsKey;
    private long bytes;
    private Throwable failure;
    private boolean reported;

    Measurement(OperationMeter meter, MediaOperation operation, long started) {
        this.meter = meter;
        this.operation = operation;
        this.started = started;
    }

    MediaOperation operation() {
        return operation;
    }

    long started() {
        return started;
    }

    /** The operation succeeded on {@code fsKey} ({@code null}: not one filesystem) and moved {@code bytes}. */
    public void succeeded(String fsKey, long bytes) {
        report(meter.succeededOn(fsKey), OperationSample.OK, bytes);
    }

    /**
     * A listing succeeded, over the filesystem {@code fsFilter} ({@code null}: every one). A filter is a caller's
     * word, not a filesystem that exists: it is a tag only once another operation succeeded on it.
     */
    public void listed(String fsFilter) {
        report(fsFilter == null ? meter.succeededOn(null) : meter.failedOn(fsFilter), OperationSample.OK, 0);
    }

    /**
     * The operation failed ({@code fsKey}: the one it was meant for, if known).
     *
     * @return {@code failure}, for the caller to rethrow
     */
    public <E extends Throwable> E failed(String fsKey, E failure) {
        report(meter.failedOn(fsKey), OperationMeter.outcomeOf(failure), 0);
        return failure;
    }

    /** Ends the measurement without a report. */
    public void abandon() {
        reported = true;
    }

    /**
     * {@code content} as the caller reads it: the bytes it consumes are counted, and the read is reported when it
     * closes the stream (as failed when a read threw).
     */
    public InputStream reading(String fsKey, InputStream content) {
        this.fsKey = fsKey;
        return new MeteredInputStream(content, this);
    }

    /** Counts bytes sent by whatever this measurement was handed to (a stream or a local file). */
    public void sent(long count) {
        bytes += count;
    }

    /** Remembers the first failure of a transfer, reported at {@link #closed}. */
    public void failedWith(Throwable transferFailure) {
        if (failure == null) {
            failure = transferFailure;
        }
    }

    /** The content was handed to the caller from {@code fsKey}; counted by {@link #sent}, reported at {@link #closed}. */
    public void handedOut(String fsKey) {
        this.fsKey = fsKey;
    }

    /** The stream or file handed out was closed: reports the read with the bytes sent. */
    public void closed() {
        if (failure == null) {
            report(meter.succeededOn(fsKey), OperationSample.OK, bytes);
        } else {
            report(meter.failedOn(fsKey), OperationMeter.outcomeOf(failure), bytes);
        }
    }

    private void report(String fsTag, String outcome, long count) {
        if (reported) {
            return;
        }
        reported = true;
        meter.report(this, fsTag, outcome, count);
    }
}
