package io.fluvius.media.it;

import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedInputStream;
import java.io.InputStream;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * A file four times the server's heap (arquillian.xml: -Xmx512m) goes up and comes back through HTTP, so
 * neither direction can hold it in memory; the client does not either (generated from a seed, hashed as it
 * streams).
 */
class LargeFileIT extends HttpApiTest {

    private static final long TWO_GIB = 2L << 30;
    private static final long HEAP_CAP = 512L << 20;
    private static final long SEED = 20261124L;

    @Test
    void twoGibRoundTripThroughAServerWith512MibOfHeap() throws Exception {
        var sent = new AtomicReference<MessageDigest>();
        HttpRequest.BodyPublisher body = MediaApi.streamed(TWO_GIB, () -> {
            MessageDigest digest = MediaApi.newSha256();
            sent.set(digest); // a fresh digest each time the client (re)reads the body
            // The client reads into a new array each time; hashing through one reused buffer instead is
            // many times faster (measured: 45 s against 3.5 s per 512 MiB on the build machine).
            return new BufferedInputStream(new DigestInputStream(new SeededContent(SEED, TWO_GIB), digest), 1 << 16);
        });

        try (var heap = new HeapWatch(api)) {
            long start = System.nanoTime();
            HttpResponse<String> created = api.send(api.request(LocalUser.WRITER, "files?filename=two-gib.bin")
                    .header("Content-Type", "application/octet-stream")
                    .POST(body));
            Duration upload = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(201, created.statusCode(), created::body);
            JsonObject entry = json(created);
            String sentHash = HexFormat.of().formatHex(sent.get().digest());
            assertEquals(sentHash, entry.getString("filehash"), "the server hashed what the client sent");
            assertEquals(TWO_GIB, entry.getJsonNumber("length").longValue());

            start = System.nanoTime();
            HttpResponse<InputStream> download = api.http.send(
                    api.request(LocalUser.READER, "files/" + entry.getString("id")).GET().build(),
                    BodyHandlers.ofInputStream());
            assertEquals(200, download.statusCode());
            assertEquals(String.valueOf(TWO_GIB), download.headers().firstValue("Content-Length").orElseThrow());
            String receivedHash = MediaApi.sha256Hex(download.body());
            Duration downloadTime = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(sentHash, receivedHash, "SHA-256 of the downloaded bytes");
            assertTrue(heap.max() > 0 && heap.max() <= HEAP_CAP, "server heap capped at 512 MiB, was " + heap.max());
            System.out.printf("2 GiB upload %.1f s (%.0f MiB/s), download %.1f s (%.0f MiB/s); server heap max %d MiB,"
                            + " highest use seen %d MiB%n",
                    seconds(upload), 2048 / seconds(upload), seconds(downloadTime), 2048 / seconds(downloadTime),
                    heap.max() >> 20, heap.peakUsed() >> 20);

            // Leave the test server's disk as it was.
            assertEquals(204, api.send(api.request(LocalUser.WRITER, "files/" + entry.getString("id")).DELETE())
                    .statusCode());
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** Samples the server's heap from its liveness check while a transfer runs. */
    private static final class HeapWatch implements AutoCloseable {

        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong peakUsed = new AtomicLong();
        private final AtomicLong max = new AtomicLong();

        HeapWatch(MediaApi api) {
            HttpRequest live = HttpRequest.newBuilder(api.management("/health/live")).timeout(Duration.ofSeconds(5))
                    .build();
            sampler.scheduleWithFixedDelay(() -> {
                try {
                    HttpResponse<String> response = api.http.send(live, BodyHandlers.ofString());
                    json(response).getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                            .filter(check -> check.getString("name").equals("media"))
                            .map(check -> check.getJsonObject("data"))
                            .forEach(data -> {
                                peakUsed.accumulateAndGet(data.getJsonNumber("heapUsedBytes").longValue(), Math::max);
                                max.set(data.getJsonNumber("heapMaxBytes").longValue());
                            });
                } catch (Exception e) {
                    // a missed sample; the next one counts
                }
            }, 0, 250, TimeUnit.MILLISECONDS);
        }

        long peakUsed() {
            return peakUsed.get();
        }

        long max() {
            return max.get();
        }

        @Override
        public void close() {
            sampler.shutdownNow();
        }
    }
}
