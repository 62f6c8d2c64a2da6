package io.fluvius.media.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaDriver;
import io.fluvius.media.connector.MediaStorageException;

class FilesystemProbesTest {

    private static final Duration DEADLINE = Duration.ofMillis(300);

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final StuckDriver driver = new StuckDriver(
            MediaDriver.connectionFactory(new FilesystemSpec("memory", "memory", Map.of())));
    private final FilesystemProbes probes = new FilesystemProbes(driver, executor, DEADLINE);

    @BeforeEach
    void openTheMemoryBackend() throws Exception {
        try (MediaConnection warm = driver.getConnection("memory")) { // its first opening can outlast the deadline
            warm.exists("warm");
        }
    }

    @AfterEach
    void stop() {
        driver.release.countDown();
        executor.shutdownNow();
    }

    @Test
    void aFilesystemThatAnswersIsReachableAndAHungOneIsNotWithinTheDeadline() {
        long started = System.nanoTime();
        var reachability = probes.reachability(List.of("stuck", "memory"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertEquals(Map.of("memory", true, "stuck", false), reachability);
        assertTrue(millis < DEADLINE.toMillis() + 1_000, "answered after " + millis + " ms");
    }

    @Test
    void aProbeStillRunningIsWaitedForNotStartedAgain() throws Exception {
        assertEquals(false, probes.reachability(List.of("stuck")).get("stuck"));
        assertEquals(false, probes.reachability(List.of("stuck")).get("stuck"));
        assertEquals(1, driver.stuckConnections.get(), "one hung probe, however often readiness is asked");

        driver.release.countDown(); // the backend answers again, and so does the probe that hung
        assertEquals(true, probes.reachability(List.of("stuck")).get("stuck"));
    }

    @Test
    void anUnknownFilesystemIsUnreachable() {
        assertEquals(Map.of("nowhere", false), probes.reachability(List.of("nowhere")));
    }

    /** A memory driver with one more filesystem, "stuck", whose connections hang until released. */
    private static final class StuckDriver implements MediaConnectionFactory {

        private static final long serialVersionUID = 1L;
        private final MediaConnectionFactory memory;
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger stuckConnections = new AtomicInteger();

        StuckDriver(MediaConnectionFactory memory) {
            this.memory = memory;
        }

        @Override
        public MediaConnection getConnection(String fsKey) throws MediaStorageException {
            if (!"stuck".equals(fsKey)) {
                return memory.getConnection(fsKey);
            }
            stuckConnections.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MediaStorageException("interrupted");
            }
            return memory.getConnection();
        }

        @Override
        public MediaConnection getConnection() throws MediaStorageException {
            return memory.getConnection();
        }

        @Override
        public void register(FilesystemSpec spec) throws MediaStorageException {
            memory.register(spec);
        }

        @Override
        public boolean isKnown(String fsKey) {
            return "stuck".equals(fsKey) || memory.isKnown(fsKey);
        }

        @Override
        public String getFsKey() {
            return memory.getFsKey();
        }

        @Override
        public javax.naming.Reference getReference() {
            return null;
        }

        @Override
        public void setReference(javax.naming.Reference reference) {
        }
    }
}
