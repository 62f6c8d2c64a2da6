package io.fluvius.media.it.security;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;

import io.fluvius.media.it.HttpApiTest;
import io.fluvius.media.it.LocalUser;

/**
 * An administrator may register {@code file} filesystems only inside the server's base directory for them
 * ({@code <data>/media/filesystems}): not on the server's own files, not through a symbolic link that leads out,
 * not on or inside another filesystem's root; an existing key is not re-pointed; and a refused registration
 * creates nothing on disk.
 */
class FileRootsIT extends HttpApiTest {

    private static final Path SERVER_DATA = Path.of(System.getProperty("jboss.home"), "standalone", "data");
    private static final Path BASE = SERVER_DATA.resolve("media/filesystems");

    private HttpResponse<String> register(String fsKey, String root) throws Exception {
        String body = Json.createObjectBuilder().add("fsKey", fsKey).add("protocol", "file").add("name", fsKey)
                .add("params", Json.createObjectBuilder().add("root", root)).build().toString();
        return api.send(api.request(LocalUser.ADMIN, "filesystems").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body)));
    }

    private static String key() {
        return "roots-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void assertRefused(String root, int status, String code) throws Exception {
        String fsKey = key();
        assertProblem(register(fsKey, root), status, code);
        assertEquals(404, api.get(LocalUser.ADMIN, "filesystems/" + fsKey).statusCode(), "nothing registered");
    }

    @Test
    void rootsOutsideTheBaseDirectoryAreRefusedAndNothingIsCreated() throws Exception {
        assertRefused("/etc", 400, "media.root-outside-base");
        assertRefused("/", 400, "media.root-outside-base");
        assertRefused(SERVER_DATA.resolve("media/db").toString(), 400, "media.root-outside-base");
        Path outside = SERVER_DATA.resolve("media/created-" + UUID.randomUUID());
        assertRefused(outside.toString(), 400, "media.root-outside-base");
        assertFalse(Files.exists(outside), "nothing created at " + outside);
    }

    @Test
    void dotDotSegmentsAndRelativePathsAreRefused() throws Exception {
        Path sneaky = BASE.resolve("a/../../db");
        assertRefused(BASE + "/a/../../db", 400, "media.invalid-root");
        assertRefused("relative/root", 400, "media.invalid-root");
        assertFalse(Files.exists(BASE.resolve("a")), "nothing created on the way to " + sneaky);
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheBaseDirectoryIsRefused() throws Exception {
        Files.createDirectories(BASE);
        Path link = BASE.resolve("escape-" + UUID.randomUUID());
        // To the server's configuration directory (its keys): one that exists on every server of the suite.
        Files.createSymbolicLink(link, Path.of(System.getProperty("jboss.home"), "standalone", "configuration"));
        try {
            assertRefused(link.toString(), 400, "media.root-outside-base");
            assertRefused(link.resolve("below").toString(), 400, "media.root-outside-base");
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void aRootInsideTheDefaultFilesystemsRootOrAnotherRegisteredOneIsAConflict() throws Exception {
        // The default filesystem's root is outside the base directory: refused for that already.
        assertRefused(SERVER_DATA.resolve("media/files/inner").toString(), 400, "media.root-outside-base");

        String first = key();
        Path root = BASE.resolve(first);
        HttpResponse<String> created = register(first, root.toString());
        assertEquals(201, created.statusCode(), created::body);
        assertRefused(root.toString(), 409, "media.filesystem-overlap");
        assertRefused(root.resolve("inner").toString(), 409, "media.filesystem-overlap");
    }

    @Test
    void anExistingKeyIsNotRepointedButTheSameDefinitionIsAccepted() throws Exception {
        String fsKey = key();
        Path root = BASE.resolve(fsKey);
        assertEquals(201, register(fsKey, root.toString()).statusCode());

        HttpResponse<String> again = register(fsKey, root.toString());
        assertEquals(201, again.statusCode(), again::body);
        Path elsewhere = BASE.resolve(fsKey + "-moved");
        assertProblem(register(fsKey, elsewhere.toString()), 409, "media.filesystem-exists");
        assertFalse(Files.exists(elsewhere));
        assertProblem(register("file", BASE.resolve("default-again").toString()), 409, "media.filesystem-exists");
        HttpResponse<String> unknown = api.send(api.request(LocalUser.ADMIN, "filesystems")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(
                        "{\"fsKey\":\"" + key() + "\",\"protocol\":\"file\",\"name\":\"x\",\"params\":{\"root\":\""
                                + BASE.resolve("u") + "\",\"followLinks\":\"true\"}}")));
        assertEquals(400, unknown.statusCode(), unknown::body);
        assertFalse(unknown.body().contains("\"media.internal\""), unknown.body());
    }
}
