package io.fluvius.media.ejb;

import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.fluvius.media.core.ledger.GarbageReport;

/**
 * Collects garbage on a fixed interval ({@code media.gc.interval} seconds, 0 to switch it off), keeping
 * unreferenced bytes for {@code media.gc.grace} seconds, so that the space of deleted files comes back
 * without anyone asking. Every server runs it; that is safe (the ledger's row locks order the runs) and
 * costs one indexed query when there is nothing to do. The Batch module's orphan-gc job runs the same
 * collection on demand and with its own schedule.
 */
@Singleton
@Startup
@PermitAll
public class GarbageCollectionTimer {

    private static final Logger LOG = Logger.getLogger(GarbageCollectionTimer.class);

    @Resource
    TimerService timers;

    @Inject
    MediaCore core;

    @Inject
    @ConfigProperty(name = "media.gc.interval", defaultValue = "3600")
    long intervalSeconds;

    @Inject
    @ConfigProperty(name = "media.gc.grace", defaultValue = "3600")
    long graceSeconds;

    @PostConstruct
    void schedule() {
        if (intervalSeconds > 0) {
            long millis = Duration.ofSeconds(intervalSeconds).toMillis();
            timers.createIntervalTimer(millis, millis, new TimerConfig("media garbage collection", false));
        }
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // it commits its own short transactions
    void collect(Timer timer) {
        try {
            GarbageReport report = core.media().collectGarbage(Duration.ofSeconds(graceSeconds));
            // Every interval on every server: a run that found nothing is no news.
            if (report.isEmpty()) {
                LOG.debugf("Garbage collection: %s", report);
            } else {
                LOG.infof("Garbage collection: %s", report);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Garbage collection failed; the next run retries");
        }
    }
}
