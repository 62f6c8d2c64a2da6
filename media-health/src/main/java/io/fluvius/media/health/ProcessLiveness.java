package io.fluvius.media.health;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the application answers at all. It reports the heap too, which shows at a glance that uploads
 * and downloads of any size leave it alone.
 */
@Liveness
@ApplicationScoped
public class ProcessLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return HealthCheckResponse.named("media")
                .up()
                .withData("heapUsedBytes", heap.getUsed())
                .withData("heapMaxBytes", heap.getMax())
                .build();
    }
}
