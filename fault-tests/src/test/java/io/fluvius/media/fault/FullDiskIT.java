package io.fluvius.media.fault;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static io.fluvius.media.it.MediaApi.json;
import static io.fluvius.media.it.MediaApi.randomBytes;
import static io.fluvius.media.it.MediaApi.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.process.GarbageCollectionServlet;
import io.fluvius.media.it.process.ServerProcess;
import io.fluvius.media.it.process.ServerSpec;

/**
 * A full disk (DESIGN.md "Data safety", API.md's 507): a {@code file} filesystem on a 16 MiB tmpfs is filled with
 * distinct 1 MiB uploads until the kernel says ENOSPC. The put that does not fit gets 507 problem+json with code
 * {@code media.insufficient-storage} (no server path in it) and leaves nothing: no entry, no partial file. Every
 * acknowledged entry still reads back with its SHA-256, the default filesystem keeps taking puts, and once entries
 * are deleted and garbage is collected the small filesystem takes a put again, without a restart.
 */
class FullDiskIT {

    private static final int DISK_MIB = 16;
    private static final int FILE_SIZE = 1 << 20;
    private static final String FS_KEY = "small";
    private static final String RESOURCE = "full-disk";
    private static final Duration READY = Duration.ofMinutes(3);

    private static ServerProcess server;
    private static SmallDisk disk;
    private static MediaApi api;

    @BeforeAll
    static void startServerWithASmallFilesystem() throws Exception {
        server = ServerProcess.prepare(ServerSpec.of("full-disk", 400)).deploy(GarbageCollectionServlet.war());
        // Registered file roots must lie under <data>/media/filesystems (FileRootsIT).
        disk = SmallDisk.mount(server.dataDir().resolve("media/filesystems/" + FS_KEY), DISK_MIB);
        server.start();
        server.awaitReady(READY);
        api = new MediaApi(server.webModule());
        String registration = Json.createObjectBuilder().add("fsKey", FS_KEY).add("protocol", "file")
                .add("name", "16 MiB tmpfs").add("params", Json.createObjectBuilder().add("root", disk.root().toString()))
                .build().toString();
        HttpResponse<String> registered = api.send(api.request(LocalUser.ADMIN, "filesystems")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(registration)));
        assertEquals(201, registered.statusCode(), registered::body);
    }

    @AfterAll
    static void stopServerAndUnmount() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    private static HttpResponse<String> put(String fsKey, int number, int size) throws Exception {
        return api.uploadRaw(LocalUser.WRITER, "resource=" + RESOURCE + "&fsKey=" + fsKey + "&filename=f" + number
                + ".bin", "application/octet-stream", randomBytes(size, number));
    }

    @Test
    void aFullFilesystemRefusesWith507KeepsNothingOfThePutAndServesWhatItHas() throws Exception {
        List<JsonObject> acknowledged = new ArrayList<>();
        HttpResponse<String> refused = null;
        int number = 0;
        while (refused == null) {
            if (number > 2 * DISK_MIB) {
                fail("no 507 after " + number + " MiB into a " + DISK_MIB + " MiB filesystem");
            }
            HttpResponse<String> response = put(FS_KEY, number++, FILE_SIZE);
            if (response.statusCode() == 201) {
                acknowledged.add(json(response));
            } else {
                refused = response;
            }
        }
        String refusal = refused.body();
        JsonObject problem = assertProblem(refused, 507, "media.insufficient-storage");
        assertFalse(refusal.contains(disk.root().toString()) || refusal.contains(server.baseDir().toString()),
                () -> "no server path in " + refusal);
        assertTrue(problem.getString("detail").contains("'" + FS_KEY + "'"), () -> "names the filesystem: " + problem);
        // A larger one, and one more of the same size: still refused whole, the server still answering.
        assertProblem(put(FS_KEY, number++, 4 * FILE_SIZE), 507, "media.insufficient-storage");
        assertProblem(put(FS_KEY, number++, FILE_SIZE), 507, "media.insufficient-storage");
        int refusals = 3;

        // No entry for any refused put: the listing is exactly the acknowledged entries.
        Set<String> acknowledgedIds = acknowledged.stream().map(e -> e.getString("id"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> listed = api.entriesOf(RESOURCE).stream().map(v -> v.asJsonObject().getString("id"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(acknowledgedIds, listed, "entries of the filled filesystem");

        // Nothing half-written on the disk: one file of 1 MiB per entry, no partial file.
        List<Path> files;
        try (Stream<Path> walk = Files.walk(disk.root())) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        List<Path> whole = new ArrayList<>();
        for (Path file : files) {
            if (Files.size(file) == FILE_SIZE) {
                whole.add(file);
            }
        }
        assertEquals(acknowledged.size(), whole.size(), () -> "1 MiB files on the disk: " + files);
        assertEquals(whole.size(), files.size(), () -> "only the entries' files on the disk, no partial: " + files);

        // Every acknowledged entry reads back whole; the default filesystem keeps taking puts.
        long bytesVerified = 0;
        for (JsonObject entry : acknowledged) {
            HttpResponse<byte[]> download = api.sendForBytes(api.request(LocalUser.READER, "files/" + entry.getString("id")));
            assertEquals(200, download.statusCode());
            assertEquals(entry.getString("filehash"), sha256Hex(download.body()), "bytes of " + entry);
            bytesVerified += download.body().length;
        }
        assertEquals(201, put("file", number++, FILE_SIZE).statusCode(), "the default filesystem while the small one is full");

        // Space freed (three entries deleted, their bytes collected): the small filesystem takes a put again.
        for (JsonObject entry : acknowledged.subList(0, 3)) {
            var deleted = api.send(api.request(LocalUser.WRITER, "files/" + entry.getString("id")).DELETE());
            assertEquals(204, deleted.statusCode(), deleted::body);
        }
        var gc = api.send(java.net.http.HttpRequest.newBuilder(server.serverUri("/media-test-support/gc?grace=0"))
                .POST(BodyPublishers.noBody()));
        assertEquals(200, gc.statusCode(), gc::body);
        HttpResponse<String> again = put(FS_KEY, number, FILE_SIZE);
        assertEquals(201, again.statusCode(), again::body);

        FaultResults.record("3c full disk",
                "file filesystem on a " + DISK_MIB + " MiB tmpfs; distinct 1 MiB raw puts until refused, then a 4 MiB"
                        + " and a 1 MiB put; 3 entries deleted, gc (grace 0), 1 MiB put again",
                "507 problem+json media.insufficient-storage without a server path; listing = acknowledged entries;"
                        + " no partial file; every entry's SHA-256; default filesystem serves puts while full;"
                        + " put fits again after delete + gc, no restart",
                acknowledged.size() + " puts acknowledged before the disk was full, " + refusals + " refused (507), "
                        + files.size() + " files on the disk (0 partial), " + bytesVerified / FILE_SIZE
                        + " MiB verified, gc: " + gc.body().strip());
    }
}
