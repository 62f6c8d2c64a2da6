package io.fluvius.media.core.storage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.core.FilesystemExistsException;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaException;

class FileRootsTest {

    @TempDir
    Path server;
    private Path base;
    private Path database;
    private FileRoots roots;

    @BeforeEach
    void confine() throws Exception {
        base = server.resolve("data/media/filesystems");
        database = Files.createDirectories(server.resolve("data/media/db"));
        roots = FileRoots.confinedTo(List.of(base), List.of(database, server.resolve("configuration")));
    }

    private String refusal(String root, List<String> others) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> roots.check("fs", root, others), root);
        return ((MediaException) e).code();
    }

    @Test
    void aRootInsideTheBaseDirectoryIsAcceptedAndNothingIsCreated() {
        assertDoesNotThrow(() -> roots.check("fs", base.resolve("tenant-a/photos").toString(), List.of()));
        assertFalse(Files.exists(base.resolve("tenant-a")));
    }

    @Test
    void rootsOutsideTheBaseDirectoryAreRefused() {
        assertEquals("media.root-outside-base", refusal("/etc", List.of()));
        assertEquals("media.root-outside-base", refusal("/", List.of()));
        assertEquals("media.root-outside-base", refusal(base.toString(), List.of()));
        assertEquals("media.root-outside-base", refusal(database.toString(), List.of()));
    }

    @Test
    void aRefusalNamesTheRootGivenButNoneOfTheServersPaths() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> roots.check("fs", "/etc", List.of()));
        assertTrue(e.getMessage().contains("'/etc'"), e.getMessage());
        assertFalse(e.getMessage().contains(server.toString()), e.getMessage());
    }

    @Test
    void relativeRootsAndDotSegmentsAreRefusedAsWritten() {
        assertEquals("media.invalid-root", refusal("relative/dir", List.of()));
        assertEquals("media.invalid-root", refusal(base + "/a/../../../db", List.of()));
        assertEquals("media.invalid-root", refusal(base + "/a/./b", List.of()));
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheBaseDirectoryIsRefused() throws Exception {
        Path link = Files.createSymbolicLink(base.resolve("escape"), server.resolve("data/media/db"));

        assertEquals("media.root-outside-base", refusal(link.toString(), List.of()));
        assertEquals("media.root-outside-base", refusal(link.resolve("below").toString(), List.of()));
    }

    @Test
    void aRootOnInsideOrAroundAnotherFilesystemsRootIsAConflict() {
        String other = base.resolve("shared").toString();

        assertEquals("media.filesystem-overlap", refusal(other, List.of(other)));
        assertEquals("media.filesystem-overlap", refusal(other + "/inner", List.of(other)));
        assertEquals("media.filesystem-overlap", refusal(base.resolve("x").toString(), List.of(base.resolve("x/y").toString())));
        assertThrows(FilesystemExistsException.class, () -> roots.check("fs", other, List.of(other)));
        assertDoesNotThrow(() -> roots.check("fs", base.resolve("shared-2").toString(), List.of(other)));
    }

    @Test
    void aBaseDirectoryAroundAProtectedDirectoryStillProtectsIt() {
        var wide = FileRoots.confinedTo(List.of(server.resolve("data")), List.of(database));

        var e = assertThrows(InvalidMediaRequestException.class, () -> wide.check("fs", database.resolve("x").toString(), List.of()));
        assertEquals("media.root-protected", e.code());
        assertThrows(InvalidMediaRequestException.class, () -> wide.check("fs", server.resolve("data/media").toString(), List.of()));
        assertDoesNotThrow(() -> wide.check("fs", server.resolve("data/files").toString(), List.of()));
    }
}
