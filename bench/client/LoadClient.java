import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one small-file load client for every target, so that the client is never the difference:
 * {@code count} PUTs of distinct {@code size}-byte files from {@code workers} threads over
 * {@code java.net.http} (HTTP/1.1, keep-alive, preemptive BASIC), then as many GETs of what was stored.
 * Prints one JSON line per phase, with the rate and, over HTTP, the p50 and p99 of the requests' times
 * (each request timed on its own thread from send to verified body; one {@code long} per request).
 * <pre>
 * LoadClient fluvius http://127.0.0.1:8080/media/api writer:writer-pass reader:reader-pass count workers size seed [query]
 * LoadClient s3      http://127.0.0.1:18082/bench    -                  -                  count workers size seed
 * LoadClient inproc  http://127.0.0.1:8080/media-bench writer:writer-pass - count workers size seed
 * </pre>
 * {@code query} (Fluvius only, e.g. {@code fsKey=bench-s3}) is added to every PUT's query string.
 * {@code inproc} asks the bench deployment to run the same load on {@code workers} request threads
 * against the MediaService local view: the client sends {@code workers} requests, not {@code count}.
 */
public final class LoadClient {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

    private final String target;
    private final String base;
    private final String writer;
    private final String reader;
    private final int count;
    private final int workers;
    private final int size;
    private final long seed;
    private final String query;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private LoadClient(String[] args) {
        target = args[0];
        base = args[1];
        writer = authorization(args[2]);
        reader = authorization(args[3]);
        count = Integer.parseInt(args[4]);
        workers = Integer.parseInt(args[5]);
        size = (int) Sizes.parse(args[6]);
        seed = Long.parseLong(args[7]);
        query = args.length > 8 && !args[8].equals("-") ? "&" + args[8] : "";
    }

    public static void main(String[] args) throws Exception {
        LoadClient client = new LoadClient(args);
        if (client.target.equals("inproc")) {
            client.inProcess("put");
            client.inProcess("get");
        } else {
            String[] keys = client.putAll();
            client.getAll(keys);
        }
        System.exit(0);
    }

    private static String authorization(String userColonPassword) {
        return userColonPassword.equals("-") ? null
                : "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns, per file, what a GET needs: the entry id (Fluvius) or the object key (S3). */
    private String[] putAll() throws Exception {
        String[] keys = new String[count];
        Phase phase = new Phase("put");
        phase.run(i -> {
            byte[] body = smallFile(seed, i, size);
            String name = "s-" + seed + "-" + i;
            HttpRequest.Builder request = switch (target) {
                case "fluvius" -> HttpRequest.newBuilder(URI.create(base + "/files?filename=" + name
                        + ".bin&resource=bench-small&resourceId=" + seed + query)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
                case "s3" -> HttpRequest.newBuilder(URI.create(base + "/" + name))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
                default -> throw new IllegalArgumentException("target " + target);
            };
            request.header("Content-Type", "application/octet-stream");
            HttpResponse<String> response = http.send(authorized(request, writer).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                return "PUT " + name + ": " + response.statusCode() + " " + response.body();
            }
            if (target.equals("fluvius")) {
                Matcher m = ID.matcher(response.body());
                if (!m.find()) {
                    return "PUT " + name + ": no id in " + response.body();
                }
                keys[i] = m.group(1);
            } else {
                keys[i] = name;
            }
            return null;
        });
        phase.print();
        return keys;
    }

    private void getAll(String[] keys) throws Exception {
        Phase phase = new Phase("get");
        phase.run(i -> {
            if (keys[i] == null) {
                return "GET " + i + ": its PUT failed";
            }
            String path = target.equals("fluvius") ? "/files/" + keys[i] : "/" + keys[i];
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
            HttpResponse<byte[]> response = http.send(authorized(request, reader).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200 || response.body().length != size) {
                return "GET " + path + ": " + response.statusCode() + ", " + response.body().length + " bytes";
            }
            if (!Arrays.equals(response.body(), smallFile(seed, i, size))) {
                return "GET " + path + ": wrong bytes";
            }
            return null;
        });
        phase.print();
    }

    /** One request per worker; the deployment runs count/workers operations on each request's thread. */
    private void inProcess(String op) throws Exception {
        Phase phase = new Phase(op);
        phase.ops = count;
        phase.runOnce(workers, w -> {
            URI uri = URI.create(base + "/small-files?op=" + op + "&count=" + count + "&slices=" + workers
                    + "&slice=" + w + "&size=" + size + "&seed=" + seed);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofMinutes(10));
            HttpResponse<String> response = http.send(authorized(request, writer).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? null : op + " slice " + w + ": " + response.statusCode() + " "
                    + response.body();
        });
        phase.print();
    }

    /**
     * File {@code i} of run {@code seed}: distinct random bytes (small files are stored uncompressed, so
     * only distinctness matters). The bench deployment's in-process load makes the same bytes.
     */
    static byte[] smallFile(long seed, int i, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed * 1_000_003L + i).nextBytes(bytes);
        return bytes;
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String authorization) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    /** Nearest-rank percentile of sorted values: the smallest value with at least p % of them at or below. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    @FunctionalInterface
    private interface Operation {
        /** Returns null on success, else what went wrong. */
        String run(int index) throws IOException, InterruptedException;
    }

    private final class Phase {
        final String name;
        final AtomicInteger errors = new AtomicInteger();
        final List<String> errorSamples = new ArrayList<>();
        long[] latencies = new long[count];
        boolean timed;
        int ops = count;
        double seconds;

        Phase(String name) {
            this.name = name;
        }

        /** {@code count} operations shared by {@code workers} threads. */
        void run(Operation operation) throws Exception {
            AtomicInteger next = new AtomicInteger();
            timed = true;
            runOnce(workers, w -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    long t0 = System.nanoTime();
                    String error;
                    try {
                        error = operation.run(i);
                    } catch (IOException e) {
                        error = e.toString();
                    }
                    latencies[i] = System.nanoTime() - t0;
                    record(error);
                }
                return null;
            });
        }

        void runOnce(int threads, Operation operation) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<String>> done = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int worker = w;
                done.add(pool.submit(() -> operation.run(worker)));
            }
            for (Future<String> f : done) {
                record(f.get());
            }
            seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
        }

        synchronized void record(String error) {
            if (error != null) {
                errors.incrementAndGet();
                if (errorSamples.size() < 5) {
                    errorSamples.add(error);
                }
            }
        }

        void print() {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            errorSamples.forEach(e -> System.err.println(target + " " + name + ": " + e));
            String percentiles = !timed ? "" : String.format(Locale.ROOT, ",\"p50ms\":%.3f,\"p99ms\":%.3f",
                    percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6);
            System.out.printf(Locale.ROOT, "{\"phase\":\"%s\",\"ops\":%d,\"errors\":%d,\"seconds\":%.6f,\"opsPerSec\":%.1f%s}%n",
                    name, ops, errors.get(), seconds, ops / seconds, percentiles);
        }
    }
}
