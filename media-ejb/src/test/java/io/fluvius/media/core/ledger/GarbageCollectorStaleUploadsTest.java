package io.fluvius.media.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.StorageUnavailableException;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.records.NullMediaManager;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.core.storage.LocalDriver;

/**
 * Garbage collection asks every filesystem to abort the uploads started before its grace period (and at least a
 * day ago); the
 * driver's connections are real (local directories and memory), only their answer to that one call is the
 * test's: two stale uploads on one filesystem, a storage failure on another.
 */
class GarbageCollectorStaleUploadsTest {

    @TempDir
    Path dataDir;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final Map<String, Instant> asked = new ConcurrentHashMap<>();

    @Test
    void staleUploadsAreAbortedOnEveryFilesystemWithTheGraceCutoffAndOneFailingFilesystemFailsOnlyItself() {
        MediaConnectionFactory storage = LocalDriver.connectionFactory(dataDir, "file");
        storage.register(new FilesystemSpec("broken", "memory", Map.of()));
        storage.register(new FilesystemSpec("quiet", "memory", Map.of()));
        MediaInterface media = new MediaInterface(MediaSettings.DEFAULTS, new NullMediaManager(),
                Filesystems.of(answering(storage), new NullMediaManager()), clock);

        GarbageReport report = media.collectGarbage(Duration.ofHours(36));

        assertEquals(2, report.staleUploadsAborted());
        assertEquals(1, report.failures(), "the broken filesystem");
        Instant cutoff = Instant.parse("2026-11-29T12:00:00Z");
        assertEquals(Map.of("file", cutoff, "broken", cutoff, "quiet", cutoff), asked,
                "every filesystem is asked, the one after the failing one too, with now minus the grace period");
    }

    @Test
    void aShortGraceNeverAbortsAStorageUploadYoungerThanADay() {
        MediaConnectionFactory storage = LocalDriver.connectionFactory(dataDir, "file");
        MediaInterface media = new MediaInterface(MediaSettings.DEFAULTS, new NullMediaManager(),
                Filesystems.of(answering(storage), new NullMediaManager()), clock);

        media.collectGarbage(Duration.ZERO);

        assertEquals(Map.of("file", Instant.parse("2026-11-30T00:00:00Z")), asked,
                "orphan-gc with grace 0 leaves uploads in progress alone: only those a day old are asked for");
    }

    /** The same factory, whose connections answer abortStaleUploads as this test says and do the rest for real. */
    private MediaConnectionFactory answering(MediaConnectionFactory real) {
        return (MediaConnectionFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MediaConnectionFactory.class}, (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    return result instanceof MediaConnection connection ? answering(connection) : result;
                });
    }

    private MediaConnection answering(MediaConnection real) {
        return (MediaConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MediaConnection.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("abortStaleUploads")) {
                        return invoke(method, real, args);
                    }
                    asked.put(real.fsKey(), (Instant) args[0]);
                    return switch (real.fsKey()) {
                        case "file" -> 2;
                        case "broken" -> throw new StorageUnavailableException("the store is down", null);
                        default -> 0;
                    };
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
