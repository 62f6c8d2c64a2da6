package io.fluvius.media.fault;

import static io.fluvius.media.fault.HostileValues.chance;
import static io.fluvius.media.fault.HostileValues.pick;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * {@code multipart/form-data} bodies with hostile framing: truncated, without the closing boundary, huge part
 * headers, hundreds of parts, duplicate {@code file} parts, parts without a name, boundaries that differ from the
 * declared one, bare LF line ends, hostile file names and field values. Each body stays within about 64 KiB.
 *
 * @param contentType the request's Content-Type (with the boundary, or not)
 * @param body        the bytes
 * @param wellFormed  whether nothing but the file name and the fields is hostile, so that the server may store it
 */
record HostileForms(String contentType, byte[] body, boolean wellFormed) {

    private static final String[] COMPRESS = {"gzip", "zstd", "lz4", "snappy", "bz2", "xz", "lzma", "deflate",
        "none", "rar", "GZIP", "", "zip\u0000"};
    private static final int BUDGET = 64 * 1024;
    private static final String[] FIELDS = {"filename", "resource", "resourceId", "fsKey", "compress", "mimeType",
        "metadata"};

    /** A form whose fields and file name are hostile but whose framing is sound (it may be stored). */
    static HostileForms withHostileFilename(SplittableRandom random, String filename, byte[] content) {
        String boundary = "fzb" + Long.toHexString(random.nextLong());
        var form = new Writer(boundary, "\r\n");
        if (chance(random, 0.5)) {
            form.field("filename", filename);
            form.file(chance(random, 0.5) ? "x.bin" : null, "application/octet-stream", content, null);
        } else {
            form.file(filename, "application/octet-stream", content, null);
        }
        form.field("resource", "fuzz-filenames");
        form.close();
        return new HostileForms("multipart/form-data; boundary=" + boundary, form.bytes(), true);
    }

    /** A form with one or more framing faults. */
    static HostileForms hostile(SplittableRandom random, byte[] content) {
        String boundary = switch (random.nextInt(6)) {
            case 0 -> "b".repeat(70);
            case 1 -> "with space";
            case 2 -> "x".repeat(300);
            case 3 -> "\"quoted\"";
            default -> "fzb" + Long.toHexString(random.nextLong());
        };
        String declared = switch (random.nextInt(10)) {
            case 0 -> "multipart/form-data";
            case 1 -> "multipart/form-data; boundary=other";
            case 2 -> "multipart/form-data; boundary=";
            case 3 -> "multipart/form-data; boundary=" + boundary + "; boundary=second";
            default -> "multipart/form-data; boundary=" + (boundary.contains(" ") ? '"' + boundary + '"' : boundary);
        };
        String bare = boundary.startsWith("\"") ? boundary.substring(1, boundary.length() - 1) : boundary;
        var form = new Writer(bare, chance(random, 0.1) ? "\n" : "\r\n");
        if (chance(random, 0.15)) {
            form.raw(HostileValues.garbage(random, 200)); // a preamble
        }
        if (chance(random, 0.03)) { // one byte over the field limit
            form.field("resourceId", "v".repeat(64 * 1024 + 1));
            content = java.util.Arrays.copyOf(content, Math.min(content.length, 512));
        }
        int fields = random.nextInt(4);
        for (int i = 0; i < fields; i++) {
            String name = chance(random, 0.85) ? pick(random, FIELDS) : HostileValues.garbage(random, 20);
            form.field(name, fieldValue(random, name));
        }
        if (chance(random, 0.1)) {
            form.part(null, "Content-Type: text/plain", "no content-disposition");
        }
        if (chance(random, 0.1)) {
            form.part(null, "Content-Disposition: form-data; filename=\"nameless.txt\"", "no name");
        }
        // Bodies stay within about 64 KiB: the huge parts take what room is left (a field one byte over the
        // 64 KiB field limit leaves room for nothing else).
        int room = BUDGET - form.size() - content.length;
        if (room > 9_000 && chance(random, 0.15)) { // huge part headers
            form.part("resource", "X-Huge: " + "h".repeat(random.nextInt(8_000, room)), "r");
        }
        if (chance(random, 0.1)) {
            form.part("resource", "X-Many: 1\r\n".repeat(random.nextInt(100, 800)).strip(), "r");
        }
        if (chance(random, 0.9)) {
            String digest = chance(random, 0.3) ? HostileValues.contentDigest(random, content) : null;
            String name = chance(random, 0.3) ? HostileValues.filename(random) : "f.bin";
            if (chance(random, 0.1)) {
                form.part("file", "Content-Disposition: form-data; name=\"file\"; filename*=UTF-8''%ff%fe%2e%2e%2f"
                        + HostileValues.marker(random), new String(content, StandardCharsets.ISO_8859_1));
            } else {
                form.file(name, chance(random, 0.8) ? "application/octet-stream" : HostileValues.contentType(random),
                        content, digest);
            }
        }
        if (chance(random, 0.2)) { // a duplicate file part
            form.file("second.bin", "application/octet-stream", content, null);
        }
        if (chance(random, 0.15)) { // hundreds of parts
            int parts = random.nextInt(200, 600);
            for (int i = 0; i < parts && form.size() < BUDGET - content.length; i++) {
                form.field(chance(random, 0.5) ? "resourceId" : "p" + i, "v" + i);
            }
        }
        if (!chance(random, 0.2)) { // else: no final boundary
            form.close();
        }
        if (chance(random, 0.1)) {
            form.raw(HostileValues.garbage(random, 200)); // an epilogue
        }
        byte[] bytes = form.bytes();
        if (chance(random, 0.25)) { // truncated anywhere
            bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
        }
        return new HostileForms(declared, bytes, false);
    }

    private static String fieldValue(SplittableRandom random, String name) {
        return switch (name) {
            case "compress" -> pick(random, COMPRESS);
            case "metadata" -> switch (random.nextInt(6)) {
                case 0 -> "{\"k\":\"v\"}";
                case 1 -> "{\"k\":{\"nested\":[1,2]}}";
                case 2 -> "[" .repeat(3000) + "]".repeat(3000);
                case 3 -> "{\"k\":\"" + "v".repeat(random.nextInt(1_000, 20_000)) + "\"}";
                case 4 -> "{\"k\":";
                default -> HostileValues.garbage(random, 100);
            };
            case "fsKey" -> pick(random, new String[] {"file", "fz-mem", "fz-0", "fz-1", "fz-2", "fz-3", "nope",
                "../file", "", "s3"});
            case "filename" -> HostileValues.filename(random);
            case "mimeType" -> HostileValues.contentType(random);
            default -> HostileValues.resourceValue(random);
        };
    }

    /** Writes parts; a field's and a file's headers as a browser writes them. */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final String boundary;
        private final String eol;

        Writer(String boundary, String eol) {
            this.boundary = boundary;
            this.eol = eol;
        }

        void field(String name, String value) {
            part(name, null, value);
        }

        void file(String filename, String contentType, byte[] content, String digest) {
            String disposition = "Content-Disposition: form-data; name=\"file\""
                    + (filename == null ? "" : "; filename=\"" + filename.replace("\"", "%22") + '"');
            raw("--" + boundary + eol + disposition + eol + "Content-Type: " + contentType + eol
                    + (digest == null ? "" : "Content-Digest: " + digest + eol) + eol);
            out.writeBytes(content);
            raw(eol);
        }

        void part(String name, String headers, String value) {
            var head = new StringBuilder("--").append(boundary).append(eol);
            if (name != null) {
                head.append("Content-Disposition: form-data; name=\"").append(name).append('"').append(eol);
            }
            if (headers != null) {
                head.append(headers).append(eol);
            }
            raw(head.append(eol).append(value).append(eol).toString());
        }

        void raw(String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }

        void close() {
            raw("--" + boundary + "--" + eol);
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
