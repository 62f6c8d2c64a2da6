package io.fluvius.media.fault;

import static io.fluvius.media.fault.HostileValues.pick;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import io.fluvius.media.it.LocalUser;

/**
 * Requests whose HTTP framing is the hostile part, written byte for byte on a socket (no client would send them):
 * lying or contradictory lengths, broken chunked encoding, bodies cut short (then the client half-closes), folded,
 * nameless, NUL-bearing and huge headers, odd request lines, raw bytes and dot segments in the target.
 */
final class HostileFraming {

    private HostileFraming() {
    }

    static HostileProbe probe(SplittableRandom random, FuzzTargets targets) {
        String id = targets.anySeeded(random).id();
        String auth = LocalUser.WRITER.basicAuthorization();
        String upload = "/media/api/files?filename=" + HostileValues.marker(random) + ".bin&resource=fuzz-framing";
        String download = "/media/api/files/" + id;
        byte[] content = HostileRequests.content(random);
        int shape = random.nextInt(24);
        var request = new Request();
        String summary;
        switch (shape) {
            case 0 -> { // claims more than it sends, then half-closes
                request.line("POST " + upload).header("Authorization", auth)
                        .header("Content-Length", Integer.toString(content.length + random.nextInt(1, 10_000)))
                        .end().body(content);
                summary = "Content-Length longer than the body";
            }
            case 1 -> { // claims less: the rest is a second, garbage request
                request.line("POST " + upload).header("Authorization", auth)
                        .header("Content-Length", Integer.toString(content.length / 2)).end().body(content);
                summary = "Content-Length shorter than the body";
            }
            case 2 -> {
                request.line("POST " + upload).header("Authorization", auth).header("Transfer-Encoding", "chunked")
                        .end().text("zz\r\nabc\r\n0\r\n\r\n");
                summary = "chunk size not hex";
            }
            case 3 -> {
                request.line("POST " + upload).header("Authorization", auth).header("Transfer-Encoding", "chunked")
                        .end().text(Integer.toHexString(content.length + 100) + "\r\n").body(content);
                summary = "chunked, cut short";
            }
            case 4 -> {
                request.line("POST " + upload).header("Authorization", auth).header("Transfer-Encoding", "chunked")
                        .end().text("ffffffffffffffffffff\r\nabc\r\n0\r\n\r\n");
                summary = "chunk size beyond 64 bits";
            }
            case 5 -> {
                request.line("POST " + upload).header("Authorization", auth).header("Content-Length", "5")
                        .header("Transfer-Encoding", "chunked").end().text("5\r\nhello\r\n0\r\n\r\n");
                summary = "Content-Length and Transfer-Encoding";
            }
            case 6 -> {
                request.line("POST " + upload).header("Authorization", auth)
                        .header("Transfer-Encoding", pick(random, new String[] {"chunked, identity", "gzip", "xchunked",
                            "chunked\u000b"})).header("Content-Length", Integer.toString(content.length)).end()
                        .body(content);
                summary = "odd Transfer-Encoding";
            }
            case 7 -> {
                request.line("GET " + download).header("Authorization", auth).text("X-Folded: a\r\n b\r\n").end();
                summary = "obs-fold header";
            }
            case 8 -> {
                request.line("GET " + download).header("Authorization", auth).text("NoColonHere\r\n").end();
                summary = "header without colon";
            }
            case 9 -> {
                request.line("GET " + download).header("Authorization", auth).text("Bad Header: x\r\n").end();
                summary = "header name with a space";
            }
            case 10 -> {
                request.line("GET " + download).header("Authorization", auth).header("Range", "bytes=0-\u00001").end();
                summary = "NUL in a header value";
            }
            case 11 -> {
                request.line("GET " + download).header("Authorization", auth)
                        .header("X-Huge", "h".repeat(random.nextInt(9_000, 60_000))).end();
                summary = "huge header";
            }
            case 12 -> {
                request.line("GET " + download).header("Authorization", auth);
                for (int i = 0; i < 300; i++) {
                    request.header("X-Many-" + i, "v");
                }
                request.end();
                summary = "300 headers";
            }
            case 13 -> {
                String line = pick(random, new String[] {"GET  " + download + " HTTP/1.1", "get " + download
                    + " HTTP/1.1", "FUZZ " + download + " HTTP/1.1", "GET " + download + " HTTP/2.0", "GET "
                    + download + " HTTP/9.9", "GET http://evil.example" + download + " HTTP/1.1", "GET " + download,
                    "GET " + download + " HTTP/1.1 extra", "\r\nGET " + download + " HTTP/1.1"});
                request.text(line + "\r\n").header("Host", "127.0.0.1").header("Authorization", auth).end();
                summary = "request line: " + line;
            }
            case 14 -> {
                String target = pick(random, new String[] {"/media/api/files/a b", "/media/api/files/\u00e9",
                    "/media/api/files/%C0%AF", "/media/api/files/%", "/media/api/files/%zz", "/media/api/files/%00",
                    "/media/api/files?resource=%ff%fe", "/media/api/files?resource=a\u0001b", "/media/api/files?%"});
                request.line("GET " + target).header("Authorization", auth).end();
                summary = "raw bytes in the target";
            }
            case 15 -> { // within the web module once the dot segments are resolved: the API's to answer
                String target = pick(random, new String[] {"/media/api/../api/files", "/media/./api//files",
                    "/media/api/files/..;/..;/", "/media/WEB-INF/web.xml",
                    "/media/api/../META-INF/MANIFEST.MF", "/media/api/files/" + id + "/..%2f..%2f"});
                request.line("GET " + target).header("Authorization", auth).end();
                return HostileProbe.rawWellFormed("framing", "dot segments: " + target, request.bytes());
            }
            case 23 -> { // out of the web module once resolved: the server's default handler answers
                String target = pick(random, new String[] {"/media/api/files/../../../../etc/passwd",
                    "/media/../etc/passwd", "/media/api/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                    "/media/api/%2e%2e/%2e%2e/WEB-INF/web.xml"}); // decoded, then resolved: /WEB-INF/web.xml
                request.line("GET " + target).header("Authorization", auth).end();
                summary = "dot segments out of the web module: " + target;
            }
            case 16 -> {
                request.line("GET /media/api/files?resource=" + "r".repeat(random.nextInt(9_000, 60_000)))
                        .header("Authorization", auth).end();
                summary = "long target";
            }
            case 17 -> {
                request.line("POST " + upload).header("Authorization", auth).header("Expect", "100-continue")
                        .header("Content-Length", Integer.toString(content.length)).end().body(content);
                summary = "Expect: 100-continue";
            }
            case 18 -> {
                String length = pick(random, new String[] {"-1", "abc", "5, 6", "99999999999999999999999", " "});
                request.line("POST " + upload).header("Authorization", auth).header("Content-Length", length).end()
                        .text("hello");
                summary = "Content-Length " + length;
            }
            case 19 -> {
                request.line("POST " + upload).header("Authorization", auth).header("Content-Length", "5")
                        .header("Content-Length", "6").end().text("hello!");
                summary = "two Content-Lengths";
            }
            case 20 -> {
                HostileForms form = HostileForms.withHostileFilename(random, "f.bin", content);
                request.line("POST /media/api/files").header("Authorization", auth)
                        .header("Content-Type", form.contentType())
                        .header("Content-Length", Integer.toString(form.body().length + 1000)).end()
                        .body(java.util.Arrays.copyOf(form.body(), form.body().length / 2));
                summary = "multipart cut in the middle, Content-Length longer";
            }
            default -> {
                request.line("GET " + download).text("Authorization: Basic \u00ff\u00fe\u0080\r\n").end();
                summary = "Authorization with raw high bytes";
            }
        }
        return HostileProbe.raw("framing", summary, request.bytes());
    }

    /** The bytes of a request, ISO-8859-1 for the head (one char, one byte). */
    private static final class Request {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Request line(String methodAndTarget) {
            return text(methodAndTarget + " HTTP/1.1\r\n").header("Host", "127.0.0.1");
        }

        Request header(String name, String value) {
            return text(name + ": " + value + "\r\n");
        }

        /** Ends the head; every request asks the server to close the connection after it. */
        Request end() {
            return text("Connection: close\r\n\r\n");
        }

        Request text(String text) {
            out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        Request body(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
