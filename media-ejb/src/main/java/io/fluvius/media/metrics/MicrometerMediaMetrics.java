package io.fluvius.media.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.fluvius.media.core.metrics.MediaMetrics;
import io.fluvius.media.core.metrics.MediaOperation;
import io.fluvius.media.core.metrics.OperationSample;

/**
 * The core's operation samples as meters of the server's Micrometer registry (the micrometer subsystem,
 * configure-metrics.cli), which its Prometheus endpoint publishes as {@code media_operations_total},
 * {@code media_bytes_total} and {@code media_operation_seconds}.
 */
@ApplicationScoped
public class MicrometerMediaMetrics implements MediaMetrics {

    /** Where latency histograms start and end: a small read in cache, a large upload. */
    private static final Duration FASTEST = Duration.ofMillis(1).dividedBy(10);
    private static final Duration SLOWEST = Duration.ofMinutes(10);

    @Inject
    MeterRegistry registry;

    /** Meters by their tags: looked up once per series, not per operation. */
    private final Map<Series, Meters> meters = new ConcurrentHashMap<>();

    private record Series(MediaOperation operation, String fs, String outcome) {
    }

    private record Meters(Counter operations, Counter bytes, Timer latency) {
    }

    @Override
    public void record(OperationSample sample) {
        Meters m = meters.computeIfAbsent(new Series(sample.operation(), sample.fs(), sample.outcome()), this::register);
        m.operations().increment();
        if (m.bytes() != null && sample.bytes() > 0) {
            m.bytes().increment(sample.bytes());
        }
        m.latency().record(sample.nanos(), TimeUnit.NANOSECONDS);
    }

    private Meters register(Series series) {
        String operation = series.operation().tag();
        Counter operations = Counter.builder("media.operations")
                .description("Operations of the media service, by outcome (ok or the error code)")
                .tags("operation", operation, "fs", series.fs(), "outcome", series.outcome())
                .register(registry);
        String direction = series.operation().direction();
        Counter bytes = direction == null ? null : Counter.builder("media.bytes")
                .description("Content bytes: accepted by puts, sent by reads, written by copies")
                .baseUnit("bytes")
                .tags("operation", operation, "fs", series.fs(), "direction", direction)
                .register(registry);
        Timer latency = Timer.builder("media.operation")
                .description("Duration of media operations; a read lasts until its stream is closed")
                .tags("operation", operation, "fs", series.fs())
                .publishPercentileHistogram()
                .minimumExpectedValue(FASTEST)
                .maximumExpectedValue(SLOWEST)
                .register(registry);
        return new Meters(operations, bytes, latency);
    }
}
