package io.fluvius.media.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.fluvius.media.core.metrics.MediaOperation;
import io.fluvius.media.core.metrics.OperationSample;

/** The samples as the registry's meters: one series per operation, filesystem and outcome. */
class MicrometerMediaMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerMediaMetrics metrics = new MicrometerMediaMetrics();

    {
        metrics.registry = registry;
    }

    @Test
    void samplesAddUpPerOperationFilesystemAndOutcome() {
        metrics.record(new OperationSample(MediaOperation.PUT, "file", "ok", 1000, 2_000_000));
        metrics.record(new OperationSample(MediaOperation.PUT, "file", "ok", 500, 4_000_000));
        metrics.record(new OperationSample(MediaOperation.PUT, "file", "media.too-large", 0, 1_000_000));
        metrics.record(new OperationSample(MediaOperation.READ, "file", "ok", 300, 1_000_000));

        assertEquals(2, registry.get("media.operations").tags("operation", "put", "fs", "file", "outcome", "ok")
                .counter().count());
        assertEquals(1, registry.get("media.operations").tags("outcome", "media.too-large").counter().count());
        assertEquals(1500, registry.get("media.bytes").tags("operation", "put", "direction", "in").counter().count());
        assertEquals(300, registry.get("media.bytes").tags("operation", "read", "direction", "out").counter().count());
        var puts = registry.get("media.operation").tags("operation", "put", "fs", "file").timer();
        assertEquals(3, puts.count());
        assertEquals(7, puts.totalTime(TimeUnit.MILLISECONDS), 0.001);
    }

    @Test
    void operationsThatMoveNoContentHaveNoBytes() {
        metrics.record(new OperationSample(MediaOperation.DELETE, "file", "ok", 0, 1));

        assertEquals(1, registry.get("media.operations").tags("operation", "delete").counter().count());
        assertNull(registry.find("media.bytes").tags("operation", "delete").counter());
    }
}
