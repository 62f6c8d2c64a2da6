package io.fluvius.media.connector.spi.backend;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.StorageUnavailableException;

/** An unreachable Swift is a StorageUnavailableException within the filesystem's deadline, never a hang. */
class SwiftUnreachableTest {

    private static final long DEADLINE_MILLIS = 2_000;
    /** Scheduling on a busy machine, on top of the deadline. */
    private static final long SLACK_MILLIS = 1_000;

    private static FilesystemSpec spec(int port) {
        return new FilesystemSpec("away", "swift", Map.of("endpoint", "http://127.0.0.1:" + port + "/auth/v1.0",
                "user", "test:tester", "key", "testing", "deadline", DEADLINE_MILLIS + "ms", "retries", "1"));
    }

    /** jclouds' first context in a JVM loads Guice and its own classes for a second or two: not the deadline's. */
    @BeforeAll
    static void loadJclouds() throws IOException {
        assertThrows(StorageUnavailableException.class, () -> SwiftBackend.open(spec(closedPort())).close());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void aServerThatRefusesConnectionsFailsWithinTheDeadline() throws IOException {
        assertFailsWithinTheDeadline(spec(closedPort()));
    }

    @Test
    void aServerThatAcceptsButNeverAnswersFailsWithinTheDeadline() throws IOException {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            assertFailsWithinTheDeadline(spec(silent.getLocalPort()));
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private static void assertFailsWithinTheDeadline(FilesystemSpec spec) {
        long start = System.nanoTime();
        StorageUnavailableException failure = assertThrows(StorageUnavailableException.class,
                () -> SwiftBackend.open(spec).close());
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(millis < DEADLINE_MILLIS + SLACK_MILLIS, "took " + millis + " ms");
        assertFalse(failure.getMessage().contains("testing"), failure.getMessage());
    }
}
