package io.fluvius.media.it.process;

import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.fluvius.media.connector.spi.S3ProxyServer;
import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.SeededContent;

/**
 * The large-object profile (README "S3 as the default filesystem"; outside CI, it needs about 12 GiB of free disk
 * for S3Proxy's parts and the object they become): {@code mvn verify -pl arquillian-tests -Plarge-object}. A 6 GiB
 * object (system property {@code media.test.large.bytes}) goes up through a server whose default filesystem is
 * {@code s3} on S3Proxy, with the server's heap capped at 512 MiB, by one streamed HTTP request, as a multipart
 * upload; it comes back whole, with the SHA-256 the client computed while sending; and the server itself wrote
 * less than 1 % of the object to its own disk ({@code write_bytes} of {@code /proc/<pid>/io}): no temporary copy.
 */
@Tag("large-object")
class LargeObjectS3IT {

    private static final long SIZE = Long.getLong("media.test.large.bytes", 6L << 30);
    private static final int BLOCK = 1 << 16;

    @Test
    void aSixGibObjectRoundTripsThroughS3WithA512MibHeapAndNoLocalCopy() throws Exception {
        Path stores = Files.createDirectories(ServerSpec.serversDir().resolve("large-object"));
        try (S3ProxyServer s3 = S3ProxyServer.start(stores.resolve("s3proxy"));
             ServerProcess server = ServerProcess.prepare(ServerSpec.of("large-object", 200).withMaxHeap("512m")
                     .withSystemProperty("media.default-filesystem", "s3")
                     .withSystemProperty("media.max-file-size", Long.toString(SIZE + 1)))) {
            S3DefaultFilesystem.define(server, s3, "media-large", "pathStyle=true;partSize=16MiB;deadline=60s");
            server.start();
            server.awaitReady(Duration.ofMinutes(3));
            var api = new MediaApi(server.webModule());
            long writtenBefore = writeBytes(server.pid());

            MessageDigest sentDigest = MessageDigest.getInstance("SHA-256");
            var sent = new DigestInputStream(new SeededContent(20261202L, SIZE), sentDigest);
            long began = System.nanoTime();
            HttpResponse<String> created = api.send(api.request(LocalUser.WRITER, "files?filename=large.bin")
                    .header("Content-Type", "application/octet-stream")
                    .POST(BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> sent), SIZE)));
            double upload = (System.nanoTime() - began) / 1e9;
            assertEquals(201, created.statusCode(), created::body);
            JsonObject entry = json(created);
            long written = writeBytes(server.pid()) - writtenBefore;

            began = System.nanoTime();
            HttpResponse<InputStream> read = api.http.send(api.request(LocalUser.READER, "files/" + entry.getString("id"))
                    .GET().build(), BodyHandlers.ofInputStream());
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long counted = 0;
            try (InputStream in = read.body()) {
                byte[] buffer = new byte[BLOCK];
                for (int n; (n = in.read(buffer)) >= 0; counted += n) {
                    received.update(buffer, 0, n);
                }
            }
            long length = counted;
            double download = (System.nanoTime() - began) / 1e9;
            String sentHash = HexFormat.of().formatHex(sentDigest.digest());
            String status = Files.readAllLines(Path.of("/proc/" + server.pid() + "/status")).stream()
                    .filter(line -> line.startsWith("VmHWM")).findFirst().orElse("VmHWM ?");
            System.out.printf("LargeObjectS3IT: %d bytes up in %.1f s (%.0f MiB/s), down in %.1f s (%.0f MiB/s);"
                            + " the server wrote %d bytes to its disk meanwhile (%.3f %% of the object), heap 512m, %s%n",
                    SIZE, upload, SIZE / upload / (1 << 20), download, SIZE / download / (1 << 20), written,
                    100.0 * written / SIZE, status.replaceAll("\\s+", " "));
            assertAll(
                    () -> assertEquals("s3", entry.getString("fsKey")),
                    () -> assertEquals(sentHash, entry.getString("filehash"), "the server's SHA-256"),
                    () -> assertEquals(200, read.statusCode()),
                    () -> assertEquals(SIZE, length, "bytes read back"),
                    () -> assertEquals(sentHash, HexFormat.of().formatHex(received.digest()), "the bytes read back"),
                    () -> assertTrue(written < SIZE / 100, "the server wrote " + written + " bytes to its disk"));
        }
    }

    /** {@code write_bytes} of {@code /proc/<pid>/io}: what the process caused to be written to storage. */
    private static long writeBytes(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/io")).stream()
                .filter(line -> line.startsWith("write_bytes:"))
                .mapToLong(line -> Long.parseLong(line.substring("write_bytes:".length()).trim()))
                .findFirst().orElseThrow();
    }
}
