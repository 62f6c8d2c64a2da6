package io.fluvius.media.fault;

import static io.fluvius.media.it.MediaApi.json;

import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.fluvius.media.it.MediaApi;

/**
 * Uploads started all at once, each its own HTTP request with a body generated while it is sent, so that all of
 * them are in flight together; the acknowledgements so far and the bytes the clients have handed to their
 * connections are counted, so that a test can act (kill the server) at a chosen point of the wave. Each upload ends acknowledged (201), refused (another status) or cut
 * off (no answer: the connection broke).
 */
final class UploadWave {

    /** How one upload ended. */
    record Sent(String fsKey, String filename, SeededUploads.Content content, int status, String id, String filehash,
            String failure) {

        boolean acknowledged() {
            return status == 201;
        }

        boolean cutOff() {
            return status < 0;
        }
    }

    private final AtomicLong bytesSent = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger acknowledged = new java.util.concurrent.atomic.AtomicInteger();
    private final List<CompletableFuture<Sent>> uploads = new ArrayList<>();
    private long totalBytes;

    /** Starts an upload of each content to {@code fsKey}, in {@code resource}, and returns at once. */
    void start(MediaApi api, String resource, String fsKey, List<SeededUploads.Content> contents, Duration timeout) {
        for (SeededUploads.Content content : contents) {
            String filename = SeededUploads.filename(uploads.size(), content);
            totalBytes += content.length();
            var request = SeededUploads.request(api, "resource=" + resource + "&fsKey=" + fsKey + "&filename="
                    + filename, content, bytesSent).timeout(timeout).build();
            uploads.add(api.http.sendAsync(request, BodyHandlers.ofString())
                    .handle((response, failure) -> ended(fsKey, filename, content, response, failure))
                    .thenApply(this::counted));
        }
    }

    private Sent counted(Sent sent) {
        if (sent.acknowledged()) {
            acknowledged.incrementAndGet();
        }
        return sent;
    }

    private static Sent ended(String fsKey, String filename, SeededUploads.Content content,
            HttpResponse<String> response, Throwable failure) {
        if (failure != null) {
            return new Sent(fsKey, filename, content, -1, null, null, String.valueOf(failure.getCause() != null
                    ? failure.getCause() : failure));
        }
        if (response.statusCode() == 201) {
            var entry = json(response);
            return new Sent(fsKey, filename, content, 201, entry.getString("id"), entry.getString("filehash"), null);
        }
        return new Sent(fsKey, filename, content, response.statusCode(), null, null, response.body());
    }

    long bytesSent() {
        return bytesSent.get();
    }

    long totalBytes() {
        return totalBytes;
    }

    int inFlight() {
        return (int) uploads.stream().filter(upload -> !upload.isDone()).count();
    }

    int acknowledgedSoFar() {
        return acknowledged.get();
    }

    int size() {
        return uploads.size();
    }

    /** Every upload's ending, once all have ended. */
    List<Sent> await(Duration timeout) throws Exception {
        CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return uploads.stream().map(CompletableFuture::join).toList();
    }

    /** The acknowledged uploads to {@code fsKey}: entry id → the SHA-256 sent. */
    static Map<String, String> acknowledged(List<Sent> sent, String fsKey) {
        Map<String, String> byId = new TreeMap<>();
        sent.stream().filter(s -> s.fsKey().equals(fsKey) && s.acknowledged())
                .forEach(s -> byId.put(s.id(), s.content().sha256()));
        return byId;
    }
}
