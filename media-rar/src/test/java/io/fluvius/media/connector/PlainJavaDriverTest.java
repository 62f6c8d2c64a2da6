package io.fluvius.media.connector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver without a container, exactly as README.md ("The driver in plain Java SE") shows it; this
 * class lives in the API package and imports nothing from the SPI, as a caller's code would.
 */
class PlainJavaDriverTest {

    @TempDir
    Path root;

    @Test
    void theReadmeSnippetWritesReadsARangeListsAndCopiesAcrossFilesystems() throws IOException {
        byte[] content = new byte[100_000];
        new Random(42).nextBytes(content);
        InputStream input = new ByteArrayInputStream(content);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // Keep in step with README.md: from here ...
        try (MediaDriver driver = MediaDriver.open(
                new FilesystemSpec("file", "file", Map.of("root", root.toString())))) {
            MediaConnectionFactory factory = driver.connectionFactory();
            factory.register(new FilesystemSpec("scratch", "memory", Map.of()));   // more filesystems, by key
            try (MediaConnection files = factory.getConnection();
                 MediaConnection scratch = factory.getConnection("scratch")) {
                files.write("reports/2026.pdf", input);                            // durable when it returns
                try (InputStream head = files.read("reports/2026.pdf", 0, 1024)) { // a byte range
                    head.transferTo(out);
                }
                List<BlobInfo> reports = files.list("reports/");                   // by prefix, in key order
                files.copyTo("reports/2026.pdf", scratch, "archive/2026.pdf");     // streamed across filesystems
            }
            // ... to here.

            assertArrayEquals(Arrays.copyOf(content, 1024), out.toByteArray(), "the first KiB");
            try (MediaConnection files = factory.getConnection();
                 MediaConnection scratch = factory.getConnection("scratch")) {
                List<BlobInfo> reports = files.list("reports/");
                assertEquals(List.of("reports/2026.pdf"), reports.stream().map(BlobInfo::key).toList());
                assertEquals(content.length, reports.get(0).size());
                assertArrayEquals(content, readAll(scratch, "archive/2026.pdf"), "the copy on the memory filesystem");
            }
        }
    }

    /**
     * Closing the driver releases its backends: a connection still open and the factory itself then fail
     * saying the driver is stopped (not "unknown filesystem", not a library's error); closing twice is
     * harmless.
     */
    @Test
    void afterCloseConnectionsAndTheFactoryFailSayingTheDriverIsStoppedAndCloseIsIdempotent() {
        MediaDriver driver = MediaDriver.open(new FilesystemSpec("file", "file", Map.of("root", root.toString())));
        MediaConnectionFactory factory = driver.connectionFactory();
        MediaConnection open = factory.getConnection();
        open.write("kept", new ByteArrayInputStream(new byte[] {1, 2, 3}));

        driver.close();
        driver.close();

        MediaStorageException onOpenConnection = assertThrows(MediaStorageException.class, () -> open.exists("kept"));
        MediaStorageException onFactory = assertThrows(MediaStorageException.class, factory::getConnection);
        MediaStorageException onRegister = assertThrows(MediaStorageException.class,
                () -> factory.register(new FilesystemSpec("scratch", "memory", Map.of())));
        for (MediaStorageException stopped : List.of(onOpenConnection, onFactory, onRegister)) {
            assertEquals(MediaStorageException.class, stopped.getClass(), stopped.toString());
            assertTrue(stopped.getMessage().contains("driver is stopped"), stopped.getMessage());
        }
        open.close();
        open.close();
    }

    /** A definition the driver cannot use fails at open, before anything is handed out. */
    @Test
    void openRefusesAnUnusableDefinition() {
        InvalidFilesystemException refused = assertThrows(InvalidFilesystemException.class,
                () -> MediaDriver.open(new FilesystemSpec("f", "file", Map.of())));
        assertTrue(refused.getMessage().contains("root"), refused.getMessage());
    }

    /** Test content is small; the driver itself never buffers a whole object. */
    private static byte[] readAll(MediaConnection connection, String key) throws IOException {
        try (InputStream in = connection.read(key); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            in.transferTo(bytes);
            return bytes.toByteArray();
        }
    }
}
