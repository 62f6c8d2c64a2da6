package io.fluvius.media.health;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;

/**
 * Whether filesystems answer, within a deadline whatever their backends do. Each is asked whether a key exists
 * (one round trip), all at once on the executor; one that has not answered by the deadline counts as unreachable.
 * A probe still running from an earlier call is waited for rather than started again, so that a hung backend holds
 * one thread, until the connection's own timeouts end it.
 */
final class FilesystemProbes {

    private static final Logger LOG = Logger.getLogger(FilesystemProbes.class);
    private static final String PROBE_KEY = "tmp/health-exists-probe";

    private final MediaConnectionFactory storage;
    private final Executor executor;
    private final Duration deadline;
    private final Map<String, CompletableFuture<Boolean>> running = new ConcurrentHashMap<>();

    FilesystemProbes(MediaConnectionFactory storage, Executor executor, Duration deadline) {
        this.storage = storage;
        this.executor = executor;
        this.deadline = deadline;
    }

    /** Each filesystem, by key: {@code true} when it answered within the deadline. */
    SortedMap<String, Boolean> reachability(Collection<String> fsKeys) {
        var probes = new TreeMap<String, CompletableFuture<Boolean>>();
        fsKeys.forEach(fsKey -> probes.put(fsKey, probing(fsKey)));
        long end = System.nanoTime() + deadline.toNanos();
        var reachable = new TreeMap<String, Boolean>();
        probes.forEach((fsKey, probe) -> reachable.put(fsKey, answered(fsKey, probe, end)));
        return reachable;
    }

    /** The probe of that filesystem still running, or a new one. */
    private CompletableFuture<Boolean> probing(String fsKey) {
        var fresh = new CompletableFuture<Boolean>();
        CompletableFuture<Boolean> earlier = running.putIfAbsent(fsKey, fresh);
        if (earlier != null) {
            return earlier;
        }
        try {
            executor.execute(() -> {
                boolean answered = false;
                try {
                    answered = answers(fsKey);
                } finally {
                    running.remove(fsKey, fresh); // first: whoever sees it done may start the next probe
                    fresh.complete(answered);
                }
            });
        } catch (RuntimeException e) { // rejected: the executor is saturated or shutting down
            running.remove(fsKey, fresh);
            fresh.complete(false);
        }
        return fresh;
    }

    private boolean answers(String fsKey) {
        try (MediaConnection connection = storage.getConnection(fsKey)) {
            connection.exists(PROBE_KEY);
            return true;
        } catch (Exception e) {
            LOG.debugf(e, "Readiness: filesystem '%s' cannot be reached", fsKey);
            return false;
        }
    }

    private boolean answered(String fsKey, CompletableFuture<Boolean> probe, long end) {
        try {
            return probe.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.debugf("Readiness: filesystem '%s' has not answered within %s", fsKey, deadline);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }
}
