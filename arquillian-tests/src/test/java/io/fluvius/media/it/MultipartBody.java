package io.fluvius.media.it;

import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} request body (RFC 7578) built from publishers, so that a file part streams
 * from wherever it comes without being assembled in memory.
 */
final class MultipartBody {

    private final String boundary = "fluvius-" + UUID.randomUUID();
    private final List<BodyPublisher> parts = new ArrayList<>();

    MultipartBody field(String name, String value) {
        text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
        return this;
    }

    MultipartBody file(String name, String filename, String contentType, byte[] content) {
        return file(name, filename, contentType, BodyPublishers.ofByteArray(content));
    }

    /** A file part; its publisher's length, when it knows it, makes the whole body's Content-Length. */
    MultipartBody file(String name, String filename, String contentType, BodyPublisher content) {
        text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        parts.add(content);
        text("\r\n");
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    BodyPublisher publisher() {
        var all = new ArrayList<>(parts);
        all.add(BodyPublishers.ofString("--" + boundary + "--\r\n", StandardCharsets.UTF_8));
        return BodyPublishers.concat(all.toArray(BodyPublisher[]::new));
    }

    private void text(String s) {
        parts.add(BodyPublishers.ofString(s, StandardCharsets.UTF_8));
    }
}
