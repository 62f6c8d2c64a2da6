package io.fluvius.media.fault;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends a {@link HostileProbe}: through {@link HttpClient} (HTTP/1.1) when a client can send it, else, and for
 * malformed framing always, on a socket of its own, writing the bytes and reading the answer with a small
 * HTTP/1.1 response reader. One sender per client thread; its connections close once it is unreachable (Java 17's
 * HttpClient has no close) or idle for {@code jdk.httpclient.keepalive.timeout}.
 */
final class ProbeSender {

    /**
     * What came back; {@code status} 0 when the server closed the connection without an answer.
     * {@code malformedRequest}: what was sent is not HTTP that a client sends (malformed framing, or a head with
     * control characters or raw non-ASCII bytes), so that the container's HTTP parser, not the API, may answer it.
     */
    record Answer(int status, String contentType, byte[] body, Map<String, String> headers, boolean malformedRequest) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final java.util.regex.Pattern URI_CHARACTERS =
            java.util.regex.Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]*");
    private static final int MAX_BODY = 1 << 20;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String host;
    private final int port;

    ProbeSender(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Answer send(HostileProbe probe) throws IOException, InterruptedException {
        if (probe.isRaw()) {
            return overSocket(probe.raw(), probe.method().equals("HEAD"), !probe.wellFormed());
        }
        HttpRequest request;
        try {
            var builder = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + probe.target()))
                    .timeout(TIMEOUT)
                    .method(probe.method(), probe.body().length == 0 && !probe.method().equals("POST")
                            ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(probe.body()));
            if (probe.authorization() != null) {
                builder.header("Authorization", probe.authorization());
            }
            probe.headers().forEach(h -> builder.header(h.getKey(), h.getValue()));
            request = builder.build();
        } catch (IllegalArgumentException notForAClient) {
            // A target or a header value that HttpClient refuses to send (control characters, restricted names).
            byte[] bytes = asBytes(probe);
            return overSocket(bytes, probe.method().equals("HEAD"), !isPlainHead(bytes));
        }
        HttpResponse<byte[]> response = http.send(request, BodyHandlers.ofByteArray());
        var headers = new TreeMap<String, String>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(", ", values)));
        return new Answer(response.statusCode(), headers.get("content-type"), response.body(), headers, false);
    }

    /** The probe as bytes on the wire, with the framing a client would give it. */
    private byte[] asBytes(HostileProbe probe) {
        var head = new StringBuilder(probe.method()).append(' ').append(probe.target()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        if (probe.authorization() != null) {
            head.append("Authorization: ").append(probe.authorization()).append("\r\n");
        }
        probe.headers().forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
        head.append("Content-Length: ").append(probe.body().length).append("\r\nConnection: close\r\n\r\n");
        var out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(probe.body());
        return out.toByteArray();
    }

    /**
     * Whether the head is what an HTTP client sends: a request target of URI characters only (RFC 3986), header
     * lines of visible ASCII, blanks and tabs, CRLF line ends.
     */
    private static boolean isPlainHead(byte[] request) {
        int targetEnd = 0;
        while (targetEnd < request.length && request[targetEnd] != '\r') {
            targetEnd++;
        }
        String line = new String(request, 0, targetEnd, StandardCharsets.ISO_8859_1);
        String target = line.substring(line.indexOf(' ') + 1, Math.max(line.indexOf(' ') + 1, line.lastIndexOf(' ')));
        if (!URI_CHARACTERS.matcher(target).matches()) {
            return false;
        }
        for (int i = 0; i + 3 < request.length; i++) {
            if (request[i] == '\r' && request[i + 1] == '\n' && request[i + 2] == '\r' && request[i + 3] == '\n') {
                return true;
            }
            int b = request[i] & 0xff;
            boolean lineEnd = b == '\r' && request[i + 1] == '\n' || b == '\n' && i > 0 && request[i - 1] == '\r';
            if (!lineEnd && b != '\t' && (b < 0x20 || b >= 0x7f)) {
                return false;
            }
        }
        return false;
    }

    private Answer overSocket(byte[] request, boolean head, boolean malformed) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                // Whatever the request claimed, nothing more comes: the server sees the end of the stream.
                socket.shutdownOutput();
            } catch (IOException refusedEarly) {
                // The server answered (and closed) before it read everything: read what it said.
            }
            return readAnswer(new BufferedInputStream(socket.getInputStream()), head, malformed);
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer in " + TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static Answer readAnswer(InputStream in, boolean head, boolean malformed) throws IOException {
        int status;
        var headers = new TreeMap<String, String>();
        do { // interim answers (100 Continue) first
            String statusLine;
            try {
                statusLine = line(in);
            } catch (IOException reset) {
                statusLine = null;
            }
            if (statusLine == null || statusLine.isEmpty()) {
                return new Answer(0, null, new byte[0], Map.of(), malformed);
            }
            String[] parts = statusLine.split(" ", 3);
            status = parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
            headers.clear();
            readHeaders(in, headers);
        } while (status >= 100 && status < 200);
        byte[] body = new byte[0];
        if (!head && status != 204 && status != 304) {
            try {
                body = body(in, headers);
            } catch (IOException cut) {
                // A body cut short still shows what the server meant to say.
            }
        }
        return new Answer(status, headers.get("content-type"), body, headers, malformed);
    }

    private static void readHeaders(InputStream in, Map<String, String> headers) throws IOException {
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
    }

    private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
        var out = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            for (String size = line(in); size != null; size = line(in)) {
                int length = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (length == 0) {
                    break;
                }
                out.writeBytes(in.readNBytes(Math.min(length, MAX_BODY)));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            out.writeBytes(in.readNBytes((int) Math.min(Long.parseLong(headers.get("content-length")), MAX_BODY)));
        } else {
            out.writeBytes(in.readNBytes(MAX_BODY));
        }
        return out.toByteArray();
    }

    /** A line without its CRLF, ISO-8859-1; {@code null} at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            if (b != '\r') {
                line.append((char) b);
            }
            if (line.length() > 65_536) {
                throw new IOException("header line longer than 64 KiB");
            }
        }
        return line.toString();
    }
}
