package io.fluvius.media.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.records.NullMediaManager;

/**
 * Two nodes share one database of registrations, each with its own driver: what one registers or changes
 * reaches the other's driver on first use, through the lookup alone.
 */
class FilesystemsTest {

    @TempDir
    Path root;

    private final MediaManager database = new NullMediaManager();

    private Filesystems node(String name) {
        return Filesystems.of(LocalDriver.connectionFactory(root.resolve(name), "file"), database);
    }

    private static MediaFilesystem file(String fsKey, Map<String, String> params) {
        return new MediaFilesystem(fsKey, "file", fsKey, params, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static MediaFilesystem memory(String fsKey, Map<String, String> params) {
        return new MediaFilesystem(fsKey, "memory", fsKey, params, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void aFilesystemRegisteredOnAnotherNodeIsReachedOnFirstUse() {
        Filesystems a = node("a");
        Filesystems b = node("b");
        MediaFilesystem scratch = memory("scratch", Map.of());
        a.register(scratch);
        database.insert(scratch);

        try (MediaConnection connection = b.connect("scratch")) {
            assertEquals("scratch", connection.fsKey());
        }
        assertTrue(b.exists("scratch"));
    }

    @Test
    void aChangedRegistrationReplacesTheOtherNodesDefinition() throws Exception {
        Filesystems a = node("a");
        Filesystems b = node("b");
        Map<String, String> first = Map.of("root", root.resolve("generation-1").toString());
        a.register(file("scratch", first));
        database.insert(file("scratch", first));
        try (MediaConnection connection = b.connect("scratch")) {
            connection.write("probe", new ByteArrayInputStream(new byte[] {1, 2, 3}));
            assertTrue(connection.exists("probe"));
        }

        // Not through registerFilesystem, which refuses to re-point a key: an operator's edit of the row.
        Map<String, String> second = Map.of("root", root.resolve("generation-2").toString());
        a.register(file("scratch", second));
        database.insert(file("scratch", second));

        // b's driver now has the new definition: another, empty directory.
        try (MediaConnection connection = b.connect("scratch")) {
            assertFalse(connection.exists("probe"));
        }
    }

    @Test
    void aConnectionDefinitionIsNeverReplacedByARegistration() throws Exception {
        Filesystems a = node("a");
        try (MediaConnection connection = a.connect("file")) {
            connection.write("probe", new ByteArrayInputStream(new byte[] {1}));
        }
        database.insert(memory("file", Map.of())); // a stray row for the key of a connection definition

        try (MediaConnection connection = a.connect("file")) {
            assertTrue(connection.exists("probe"), "still the directory of the connection definition");
        }
    }

    @Test
    void registrationsHandedToANewNodesDriverAreKnownBeforeTheirFirstUse() {
        MediaFilesystem scratch = memory("scratch", Map.of());
        node("a").register(scratch);
        database.insert(scratch);
        var driver = LocalDriver.connectionFactory(root.resolve("b"), "file");
        Filesystems b = Filesystems.of(driver, database);
        assertFalse(driver.isKnown("scratch"));

        assertEquals(Map.of(), b.handToDriver(List.of(scratch)));

        assertTrue(driver.isKnown("scratch"));
        assertTrue(driver.definitions().stream().anyMatch(d -> d.fsKey().equals("scratch")));
        assertFalse(b.isDeclared("scratch"), "handed, it is still a registration");
    }

    @Test
    void aRegistrationTheDriverRefusesIsLeftOutSayingWhyAndTheOthersAreHanded() {
        var driver = LocalDriver.connectionFactory(root.resolve("b"), "file");
        Filesystems b = Filesystems.of(driver, database);

        Map<String, String> left = b.handToDriver(List.of(memory("odd", Map.of("region", "eu")), memory("scratch", Map.of())));

        assertEquals(java.util.Set.of("odd"), left.keySet());
        assertTrue(left.get("odd").contains("region"), left.get("odd"));
        assertTrue(driver.isKnown("scratch"));
        assertFalse(driver.isKnown("odd"));
    }

    @Test
    void anUnknownKeyIsNotFound() {
        assertThrows(MediaNotFoundException.class, () -> node("a").connect("nowhere"));
    }

    @Test
    void registeringTellsTheLookupThatTheKeyChanged() {
        List<String> changed = new ArrayList<>();
        Filesystems filesystems = new Filesystems(LocalDriver.connectionFactory(root, "file"), new FilesystemLookup() {
            @Override
            public Optional<MediaFilesystem> find(String fsKey) {
                return database.fetch(MediaFilesystem.class, fsKey);
            }

            @Override
            public void changed(String fsKey) {
                changed.add(fsKey);
            }
        });
        filesystems.register(memory("scratch", Map.of()));
        assertEquals(List.of("scratch"), changed);
    }
}
