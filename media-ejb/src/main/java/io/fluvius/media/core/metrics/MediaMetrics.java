package io.fluvius.media.core.metrics;

/**
 * Where the core reports its operations (puts, reads, deletes, copies, listings). The core runs without any
 * metrics library; the server binds this to its own registry.
 */
@FunctionalInterface
public interface MediaMetrics {

    /** Records nothing: the default outside the server. */
    MediaMetrics NONE = sample -> { };

    /** Called once per operation, on the caller's thread; must not throw or block. */
    void record(OperationSample sample);
}
