package io.fluvius.media.it;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** {@code GET/HEAD /files/{id}}: validators, ranges (also of compressed files), conditional requests. */
class DownloadIT extends HttpApiTest {

    private static final int SIZE = 100_000;

    private final byte[] content = MediaApi.randomBytes(SIZE, 42);

    @Test
    void wholeFileHasTypeLengthAndValidators() throws Exception {
        JsonObject entry = api.upload("filename=photo.jpg&mimeType=image/jpeg", content);

        HttpResponse<byte[]> response = download(entry, Map.of());
        assertEquals(200, response.statusCode());
        assertArrayEquals(content, response.body());
        assertEquals("image/jpeg", header(response, "Content-Type"));
        assertEquals(String.valueOf(SIZE), header(response, "Content-Length"));
        assertEquals('"' + entry.getString("filehash") + '"', header(response, "ETag"), "strong ETag: the hash");
        assertEquals("bytes", header(response, "Accept-Ranges"));
        assertTrue(response.headers().firstValue("Last-Modified").isPresent());
        assertEquals(java.util.List.of("private, no-cache"), response.headers().allValues("Cache-Control"),
                "cacheable by the user's client, revalidated with the ETag");
    }

    @Test
    void aCorruptStoredFileIsAServerErrorNotWrongBytes() throws Exception {
        byte[] original = MediaApi.randomBytes(3000, 4242);
        JsonObject entry = api.upload("filename=rot.bin", original);
        byte[] rotten = original.clone();
        rotten[1500] ^= 1;
        Files.write(storedFile(entry), rotten);

        assertProblem(api.get(LocalUser.READER, "files/" + entry.getString("id")), 500, "media.integrity");
    }

    @Test
    void aLargeCorruptStoredFileIsCutShortNeverDeliveredWhole() throws Exception {
        byte[] original = MediaApi.randomBytes(20 * 1024 * 1024, 4343);
        JsonObject entry = api.upload("filename=rot-large.bin", original);
        byte[] rotten = original.clone();
        rotten[original.length - 10] ^= 1;
        Files.write(storedFile(entry), rotten);

        // The first 16 MiB pass their check and go out; the window holding the bad byte does not, so the
        // response ends before its Content-Length and the client sees a failed transfer, not a file.
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> download(entry, Map.of()));
    }

    /** Where the test server keeps an entry's bytes (the `file` filesystem under its data directory). */
    private static Path storedFile(JsonObject entry) {
        return Path.of(System.getProperty("jboss.home"), "standalone", "data", "media", "files", "media",
                entry.getString("fsPath"));
    }

    @Test
    void rangeOfTheFirstBytes() throws Exception {
        HttpResponse<byte[]> response = download(api.upload("filename=a.bin", content), Map.of("Range", "bytes=0-99"));

        assertPartial(response, 0, 99);
    }

    @Test
    void rangeOfAMiddleSlice() throws Exception {
        HttpResponse<byte[]> response = download(api.upload("filename=a.bin", content),
                Map.of("Range", "bytes=40000-40999"));

        assertPartial(response, 40_000, 40_999);
    }

    @Test
    void suffixRangeIsTheLastBytes() throws Exception {
        HttpResponse<byte[]> response = download(api.upload("filename=a.bin", content), Map.of("Range", "bytes=-500"));

        assertPartial(response, SIZE - 500, SIZE - 1);
    }

    @Test
    void rangeOfACompressedFileIsOfTheOriginalBytes() throws Exception {
        byte[] text = MediaApi.compressibleText(SIZE);
        JsonObject entry = api.upload("filename=a.txt&compress=XZ", text);
        assertTrue(entry.getJsonNumber("storedLength").longValue() < SIZE / 4, entry::toString);

        HttpResponse<byte[]> response = download(entry, Map.of("Range", "bytes=70000-70199"));

        assertEquals(206, response.statusCode());
        assertEquals("bytes 70000-70199/" + SIZE, header(response, "Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(text, 70_000, 70_200), response.body());
    }

    @Test
    void rangePastTheEndIsNotSatisfiable() throws Exception {
        JsonObject entry = api.upload("filename=a.bin", content);

        HttpResponse<String> response = api.send(api.request(LocalUser.READER, "files/" + entry.getString("id"))
                .header("Range", "bytes=" + SIZE + "-"));

        assertProblem(response, 416, "media.range-not-satisfiable");
        assertEquals("bytes */" + SIZE, header(response, "Content-Range"));
    }

    @Test
    void matchingIfNoneMatchIsNotModified() throws Exception {
        JsonObject entry = api.upload("filename=a.bin", content);

        HttpResponse<byte[]> response = download(entry, Map.of("If-None-Match", '"' + entry.getString("filehash") + '"'));

        assertEquals(304, response.statusCode());
        assertEquals(0, response.body().length);
        assertEquals('"' + entry.getString("filehash") + '"', header(response, "ETag"));
    }

    @Test
    void unchangedSinceLastModifiedIsNotModified() throws Exception {
        JsonObject entry = api.upload("filename=a.bin", content);
        String lastModified = header(download(entry, Map.of()), "Last-Modified");

        assertEquals(304, download(entry, Map.of("If-Modified-Since", lastModified)).statusCode());
    }

    @Test
    void ifRangeOfAnotherVersionSendsTheWholeFile() throws Exception {
        JsonObject entry = api.upload("filename=a.bin", content);

        HttpResponse<byte[]> stale = download(entry, Map.of("Range", "bytes=0-9", "If-Range", "\"not-this-version\""));
        HttpResponse<byte[]> current = download(entry, Map.of("Range", "bytes=0-9",
                "If-Range", '"' + entry.getString("filehash") + '"'));

        assertEquals(200, stale.statusCode());
        assertArrayEquals(content, stale.body());
        assertEquals(206, current.statusCode());
    }

    @Test
    void headHasTheHeadersOfGetAndNoBody() throws Exception {
        JsonObject entry = api.upload("filename=a.bin", content);
        String id = entry.getString("id");

        HttpResponse<byte[]> get = download(entry, Map.of());
        HttpResponse<byte[]> head = api.sendForBytes(api.request(LocalUser.READER, "files/" + id)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        for (String name : new String[] {"Content-Type", "Content-Length", "ETag", "Last-Modified", "Accept-Ranges"}) {
            assertEquals(header(get, name), header(head, name), name);
        }
    }

    @Test
    void attachmentNamesTheFileForEveryClient() throws Exception {
        JsonObject entry = api.upload("filename=" + MediaApi.encode("Übersicht 2026.pdf"), content);

        HttpResponse<byte[]> response = api.sendForBytes(api.request(LocalUser.READER,
                "files/" + entry.getString("id") + "?disposition=attachment").GET());

        assertEquals(200, response.statusCode());
        assertEquals("attachment; filename=\"_bersicht 2026.pdf\"; filename*=UTF-8''%C3%9Cbersicht%202026.pdf",
                header(response, "Content-Disposition"));
    }

    private HttpResponse<byte[]> download(JsonObject entry, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = api.request(LocalUser.READER, "files/" + entry.getString("id")).GET();
        new TreeMap<>(headers).forEach(request::header);
        return api.sendForBytes(request);
    }

    private void assertPartial(HttpResponse<byte[]> response, int first, int last) {
        assertEquals(206, response.statusCode());
        assertEquals("bytes " + first + "-" + last + "/" + SIZE, header(response, "Content-Range"));
        assertEquals(String.valueOf(last - first + 1), header(response, "Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(content, first, last + 1), response.body());
    }

    private static String header(HttpResponse<?> response, String name) {
        Optional<String> value = response.headers().firstValue(name);
        return value.orElseThrow(() -> new AssertionError("no " + name + " header in " + response.headers().map()));
    }
}
