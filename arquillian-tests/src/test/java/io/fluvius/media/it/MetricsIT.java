package io.fluvius.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * The server's Prometheus endpoint counts what the HTTP API did: operations by filesystem and outcome, the bytes
 * accepted by puts and the bytes reads sent (a range's, not the file's), and times each in a histogram. A HEAD
 * or a 304 reads nothing and counts no read.
 */
class MetricsIT extends HttpApiTest {

    private static final int[] FILE_SIZES = {1_000, 70_000, 300_000};
    private static final int[] MEMORY_SIZES = {5_000, 12_345};
    private static final int RANGE_LENGTH = 100;

    @Test
    void scrapeCountsTheOperationsAndBytesOfTheApi() throws Exception {
        Scrape before = scrape();

        List<JsonObject> onFile = putAll("file", FILE_SIZES, 100);
        List<JsonObject> onMemory = putAll("memory", MEMORY_SIZES, 200);
        for (JsonObject entry : onFile) {
            readWhole(entry); // zero-copy from a local directory
        }
        for (JsonObject entry : onMemory) {
            readWhole(entry); // streamed
        }
        for (JsonObject entry : List.of(onFile.get(0), onMemory.get(1))) {
            describeOnly(entry); // a HEAD and a 304 send no body: no read
        }
        HttpResponse<byte[]> range = api.sendForBytes(api.request(LocalUser.READER, "files/" + onFile.get(2).getString("id"))
                .header("Range", "bytes=10-" + (10 + RANGE_LENGTH - 1)).GET());
        assertEquals(206, range.statusCode());
        assertEquals(204, api.send(api.request(LocalUser.WRITER, "files/" + onMemory.get(0).getString("id")).DELETE())
                .statusCode());
        assertEquals(404, api.send(api.request(LocalUser.WRITER, "files/" + UUID.randomUUID()).DELETE()).statusCode());
        assertEquals(200, api.get(LocalUser.READER, "files?fsKey=memory&limit=1").statusCode());

        // A read is reported when the server closes its stream, which may follow the client's last byte.
        Scrape after = scrapeUntil(s -> s.delta(before, "media_operations_total", "operation", "read", "fs", "file",
                "outcome", "ok") >= FILE_SIZES.length + 1);

        assertEquals(3, after.delta(before, "media_operations_total", "operation", "put", "fs", "file", "outcome", "ok"));
        assertEquals(sum(FILE_SIZES), after.delta(before, "media_bytes_total", "operation", "put", "fs", "file",
                "direction", "in"));
        assertEquals(2, after.delta(before, "media_operations_total", "operation", "put", "fs", "memory", "outcome", "ok"));
        assertEquals(sum(MEMORY_SIZES), after.delta(before, "media_bytes_total", "operation", "put", "fs", "memory",
                "direction", "in"));

        assertEquals(4, after.delta(before, "media_operations_total", "operation", "read", "fs", "file", "outcome", "ok"));
        assertEquals(sum(FILE_SIZES) + RANGE_LENGTH, after.delta(before, "media_bytes_total", "operation", "read",
                "fs", "file", "direction", "out"), "the bytes sent, a range's only");
        assertEquals(2, after.delta(before, "media_operations_total", "operation", "read", "fs", "memory", "outcome", "ok"));
        assertEquals(sum(MEMORY_SIZES), after.delta(before, "media_bytes_total", "operation", "read", "fs", "memory",
                "direction", "out"));
        assertEquals(1, after.delta(before, "media_operations_total", "operation", "delete", "fs", "memory", "outcome", "ok"));
        assertEquals(1, after.delta(before, "media_operations_total", "operation", "delete", "fs", "unknown",
                "outcome", "media.not-found"), "an id nobody stored: no filesystem, its error code");
        assertEquals(1, after.delta(before, "media_operations_total", "operation", "list", "fs", "memory", "outcome", "ok"));

        assertEquals(3, after.delta(before, "media_operation_seconds_count", "operation", "put", "fs", "file"));
        assertTrue(after.delta(before, "media_operation_seconds_sum", "operation", "read", "fs", "memory") > 0);
        assertEquals(3, after.delta(before, "media_operation_seconds_bucket", "operation", "put", "fs", "file", "le", "+Inf"),
                "a histogram Prometheus can take percentiles of");
    }

    private List<JsonObject> putAll(String fsKey, int[] sizes, long seed) throws Exception {
        var entries = new ArrayList<JsonObject>();
        for (int i = 0; i < sizes.length; i++) {
            entries.add(api.upload("fsKey=" + fsKey + "&filename=metrics-" + i + ".bin",
                    MediaApi.randomBytes(sizes[i], seed + i + System.nanoTime())));
        }
        return entries;
    }

    private void readWhole(JsonObject entry) throws Exception {
        HttpResponse<byte[]> read = api.sendForBytes(api.request(LocalUser.READER, "files/" + entry.getString("id")).GET());
        assertEquals(200, read.statusCode());
        assertEquals(entry.getJsonNumber("length").longValue(), read.body().length);
    }

    private void describeOnly(JsonObject entry) throws Exception {
        String file = "files/" + entry.getString("id");
        assertEquals(200, api.send(api.request(LocalUser.READER, file)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(304, api.send(api.request(LocalUser.READER, file)
                .header("If-None-Match", '"' + entry.getString("filehash") + '"').GET()).statusCode());
    }

    private static long sum(int[] sizes) {
        long total = 0;
        for (int size : sizes) {
            total += size;
        }
        return total;
    }

    private Scrape scrapeUntil(java.util.function.Predicate<Scrape> done) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Scrape scrape = scrape();
        while (!done.test(scrape) && System.nanoTime() < end) {
            Thread.sleep(100);
            scrape = scrape();
        }
        return scrape;
    }

    private Scrape scrape() throws Exception {
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.management("/prometheus")).GET());
        assertEquals(200, response.statusCode(), response::body);
        return Scrape.parse(response.body());
    }

    /** The samples of a Prometheus text exposition: name, labels, value. */
    private record Scrape(List<Sample> samples) {

        private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+).*");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

        record Sample(String name, Map<String, String> labels, double value) {
        }

        static Scrape parse(String text) {
            var samples = new ArrayList<Sample>();
            for (String line : text.split("\n")) {
                Matcher m = LINE.matcher(line);
                if (line.startsWith("#") || !m.matches()) {
                    continue;
                }
                var labels = new HashMap<String, String>();
                Matcher l = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
            }
            return new Scrape(samples);
        }

        /** The sum of the samples named {@code name} that carry every given label (pairs of name and value). */
        double total(String name, String... labels) {
            return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
                for (int i = 0; i < labels.length; i += 2) {
                    if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                        return false;
                    }
                }
                return true;
            }).mapToDouble(Sample::value).sum();
        }

        /** How much {@link #total} grew since {@code before}; whole numbers for counts and bytes. */
        long delta(Scrape before, String name, String... labels) {
            double grown = total(name, labels) - before.total(name, labels);
            return name.endsWith("_sum") ? (long) Math.ceil(grown) : Math.round(grown);
        }
    }
}
