package io.fluvius.media.web.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.fluvius.media.core.InvalidMediaRequestException;

class MultipartFormStreamTest {

    private static final String BOUNDARY = "----fluvius7MA4YWxkTrZu0gW";

    @Test
    void fieldsThenFileAreReadInOrder() throws IOException {
        byte[] file = random(200_000, 1);
        var form = new MultipartFormStream(new ByteArrayInputStream(body(file, "file")), BOUNDARY);

        var resource = form.next().orElseThrow();
        assertEquals("resource", resource.name());
        assertEquals("docs", resource.text(100));
        var metadata = form.next().orElseThrow();
        assertEquals("{\"k\":\"v\"}", metadata.text(100));
        var part = form.next().orElseThrow();
        assertEquals("file", part.name());
        assertEquals("héllo.bin", part.filename().orElseThrow());
        assertEquals("application/x-test", part.header("Content-Type"));
        var completed = new AtomicBoolean();
        assertArrayEquals(file, part.lastContent(() -> completed.set(true)).readAllBytes());
        assertTrue(completed.get(), "completion runs once the closing boundary has been read");
        assertTrue(form.next().isEmpty());
    }

    @Test
    void contentSurvivesEveryReadSize() throws IOException {
        // Content full of near-boundaries: CRLF, dashes and boundary prefixes cut at every position.
        var near = new ByteArrayOutputStream();
        for (int i = 0; i < 2_000; i++) {
            near.writeBytes(("\r\n--" + BOUNDARY).substring(0, i % (BOUNDARY.length() + 4)).getBytes(StandardCharsets.ISO_8859_1));
            near.write(i % 2 == 0 ? '-' : '\r'); // never the boundary's last character
        }
        byte[] file = near.toByteArray();
        for (int chunk : new int[] {1, 2, 3, 7, 64, 4096, 65_537}) {
            var form = new MultipartFormStream(trickle(body(file, "file"), chunk), BOUNDARY);
            form.next().orElseThrow();
            form.next().orElseThrow();
            var part = form.next().orElseThrow();
            assertArrayEquals(file, readInPieces(part.lastContent(() -> { }), chunk), "read size " + chunk);
        }
    }

    @Test
    void partAfterTheFileFailsTheFileRead() throws IOException {
        String text = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
                + "abc\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"resource\"\r\n\r\nx\r\n--"
                + BOUNDARY + "--\r\n";
        var form = new MultipartFormStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), BOUNDARY);
        InputStream content = form.next().orElseThrow().lastContent(() -> { });
        var e = assertThrows(InvalidMediaRequestException.class, content::readAllBytes);
        assertEquals("media.invalid-multipart", e.code());
    }

    @Test
    void truncatedFileIsAnIoFailureOfTheUpload() throws IOException {
        byte[] whole = body(random(10_000, 2), "file");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 100);
        var form = new MultipartFormStream(new ByteArrayInputStream(cut), BOUNDARY);
        form.next();
        form.next();
        InputStream content = form.next().orElseThrow().lastContent(() -> { });
        assertThrows(EOFException.class, content::readAllBytes);
    }

    @Test
    void oversizedFieldIsRefused() throws IOException {
        String text = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"resource\"\r\n\r\n"
                + "x".repeat(100) + "\r\n--" + BOUNDARY + "--\r\n";
        var form = new MultipartFormStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), BOUNDARY);
        var part = form.next().orElseThrow();
        assertThrows(InvalidMediaRequestException.class, () -> part.text(99));
    }

    @Test
    void formOverheadIsBounded() {
        String field = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + "x".repeat(60_000) + "\r\n";
        byte[] body = (field.repeat(20) + "--" + BOUNDARY + "--").getBytes(StandardCharsets.UTF_8);
        var form = new MultipartFormStream(new ByteArrayInputStream(body), BOUNDARY);
        assertThrows(InvalidMediaRequestException.class, () -> {
            for (var part = form.next(); part.isPresent(); part = form.next()) {
                part.get().text(64 * 1024);
            }
        });
    }

    @Test
    void emptyFormHasNoParts() throws IOException {
        byte[] body = ("preamble\r\n--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.UTF_8);
        assertFalse(new MultipartFormStream(new ByteArrayInputStream(body), BOUNDARY).next().isPresent());
    }

    @Test
    void missingBoundaryIsRefused() {
        assertThrows(InvalidMediaRequestException.class, () -> new MultipartFormStream(InputStream.nullInputStream(), null));
    }

    private static byte[] body(byte[] file, String fileField) {
        var out = new ByteArrayOutputStream();
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"resource\"\r\n\r\ndocs\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"k\":\"v\"}\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + fileField
                + "\"; filename=\"héllo.bin\"\r\nContent-Type: application/x-test\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A stream that never returns more than {@code chunk} bytes per read, as a network may. */
    private static InputStream trickle(byte[] bytes, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private static byte[] readInPieces(InputStream in, int size) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[size];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
