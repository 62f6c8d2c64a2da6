package io.fluvius.media.it.process;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static io.fluvius.media.it.MediaApi.json;
import static io.fluvius.media.it.MediaApi.randomBytes;
import static io.fluvius.media.it.MediaApi.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes behind one (imagined) load balancer serve one set of entries and filesystems: what one node changes,
 * the other serves at once, with no stale copy in its caches (Hibernate's second-level cache and the filesystems
 * cache invalidate across the cluster). PostgreSQL only: {@link TwoServers} skips the class otherwise.
 */
@Tag("server-process")
class TwoServersIT {

    @RegisterExtension
    static final TwoServers cluster = new TwoServers();

    private static final String RAW = "application/octet-stream";

    private MediaApi node1;
    private MediaApi node2;

    @BeforeEach
    void connect() {
        node1 = new MediaApi(cluster.node(1).webModule());
        node2 = new MediaApi(cluster.node(2).webModule());
    }

    @Test
    void entryUploadedOnOneNodeDownloadsByteIdenticalOnTheOther() throws Exception {
        byte[] content = randomBytes(256 * 1024, 20261201L);

        JsonObject entry = node1.upload("filename=from-node1.bin", content);
        HttpResponse<byte[]> download = node2.sendForBytes(node2.request(LocalUser.READER,
                "files/" + entry.getString("id")).GET());

        assertEquals(200, download.statusCode());
        assertArrayEquals(content, download.body(), "bytes node 2 serves for node 1's upload");
        assertEquals(sha256Hex(content), entry.getString("filehash"));
    }

    @Test
    void entryDeletedOnOneNodeIsNotFoundOnTheOtherAtOnce() throws Exception {
        String id = node1.upload("filename=short-lived.bin", randomBytes(4096, 20261202L)).getString("id");
        // Both nodes read it first, so that each holds the entry in its second-level cache.
        assertEquals(200, node1.get(LocalUser.READER, "files/" + id + "/metadata").statusCode());
        assertEquals(200, node2.get(LocalUser.READER, "files/" + id + "/metadata").statusCode());

        HttpResponse<String> deleted = node2.send(node2.request(LocalUser.WRITER, "files/" + id).DELETE());

        assertEquals(204, deleted.statusCode(), deleted::body);
        assertProblem(node1.get(LocalUser.READER, "files/" + id), 404, "media.not-found");
        assertProblem(node1.get(LocalUser.READER, "files/" + id + "/metadata"), 404, "media.not-found");
    }

    @Test
    void filesystemRegisteredOnOneNodeIsUsableOnTheOther() throws Exception {
        String fsKey = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        Path root = Files.createDirectories(ServerSpec.serversDir().resolve("cluster-filesystems").resolve(fsKey));
        byte[] content = randomBytes(64 * 1024, 20261203L);
        // Node 2 asks first and remembers that the key is not registered (the filesystems cache keeps misses too).
        assertProblem(node2.uploadRaw(LocalUser.WRITER, "filename=early.bin&fsKey=" + fsKey, RAW, new byte[16]),
                404, "media.filesystem-not-found");

        HttpResponse<String> registered = node1.send(node1.request(LocalUser.ADMIN, "filesystems")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(Json.createObjectBuilder()
                        .add("fsKey", fsKey).add("protocol", "file").add("name", "registered on node 1")
                        .add("params", Json.createObjectBuilder().add("root", root.toString()))
                        .build().toString())));
        assertEquals(201, registered.statusCode(), registered::body);

        HttpResponse<String> stored = node2.uploadRaw(LocalUser.WRITER, "filename=on-node2.bin&fsKey=" + fsKey,
                RAW, content);
        assertEquals(201, stored.statusCode(), stored::body);
        JsonObject entry = json(stored);
        assertEquals(fsKey, entry.getString("fsKey"));
        HttpResponse<byte[]> backOnNode1 = node1.sendForBytes(node1.request(LocalUser.READER,
                "files/" + entry.getString("id")).GET());
        assertEquals(200, backOnNode1.statusCode());
        assertArrayEquals(content, backOnNode1.body(), "node 1 reads what node 2 stored on the new filesystem");
    }
}
