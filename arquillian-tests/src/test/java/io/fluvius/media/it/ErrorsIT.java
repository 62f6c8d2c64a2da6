package io.fluvius.media.it;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** Every error is application/problem+json with a stable code, whoever raises it. */
class ErrorsIT extends HttpApiTest {

    @Test
    void wrongContentDigestIsRefusedAndLeavesNoEntry() throws Exception {
        String resource = MediaApi.uniqueResource("digest");
        byte[] content = MediaApi.randomBytes(50_000, 7);
        byte[] otherDigest = MediaApi.newSha256().digest("other bytes".getBytes());
        assertEquals(0, api.entriesOf(resource).size());

        HttpResponse<String> response = api.send(api.request(LocalUser.WRITER, "files?filename=d.bin&resource=" + resource)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(otherDigest) + ":")
                .POST(BodyPublishers.ofByteArray(content)));

        assertProblem(response, 422, "media.checksum-mismatch");
        assertEquals(0, api.entriesOf(resource).size(), "no entry after a refused upload");
    }

    @Test
    void matchingContentDigestIsAccepted() throws Exception {
        byte[] content = MediaApi.randomBytes(50_000, 8);
        String digest = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(MediaApi.sha256Hex(content)));

        HttpResponse<String> response = api.send(api.request(LocalUser.WRITER, "files?filename=d.bin")
                .header("Content-Type", "application/octet-stream")
                .header("Content-Digest", "sha-256=:" + digest + ":")
                .POST(BodyPublishers.ofByteArray(content)));

        assertEquals(201, response.statusCode(), response::body);
    }

    @Test
    void wrongDigestOfAMultipartFilePartLeavesNoEntry() throws Exception {
        String resource = MediaApi.uniqueResource("digest-part");
        byte[] content = MediaApi.randomBytes(20_000, 9);
        var form = new MultipartBody().field("resource", resource)
                .file("file", "d.bin", "application/octet-stream", content);

        HttpResponse<String> response = api.send(api.request(LocalUser.WRITER, "files")
                .header("Content-Type", form.contentType())
                .header("Content-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":")
                .POST(form.publisher()));

        assertProblem(response, 422, "media.checksum-mismatch");
        assertEquals(0, api.entriesOf(resource).size());
    }

    @Test
    void badUuidIsABadRequest() throws Exception {
        assertProblem(api.get(LocalUser.READER, "files/not-a-uuid"), 400, "media.invalid-id");
    }

    @Test
    void unknownIdIsNotFound() throws Exception {
        assertProblem(api.get(LocalUser.READER, "files/00000000-0000-4000-8000-000000000000"), 404, "media.not-found");
    }

    @Test
    void deletingAnUnknownIdIsNotFound() throws Exception {
        HttpResponse<String> response = api.send(api.request(LocalUser.WRITER, "files/00000000-0000-4000-8000-000000000000")
                .DELETE());

        assertProblem(response, 404, "media.not-found");
    }

    @Test
    void unknownRouteIsNotFound() throws Exception {
        assertProblem(api.get(LocalUser.READER, "no-such-thing"), 404, "http.not-found");
    }

    @Test
    void addressOutsideTheApiIsNotFound() throws Exception {
        HttpResponse<String> response = api.send(MediaApi.as(LocalUser.READER,
                HttpRequest.newBuilder(api.server("no-such-page.html"))).GET());

        assertProblem(response, 404, "http.not-found");
    }

    @Test
    void wrongMethodIsNotAllowed() throws Exception {
        HttpResponse<String> response = api.send(api.request(LocalUser.WRITER, "files")
                .PUT(BodyPublishers.ofString("x")));

        assertProblem(response, 405, "http.method-not-allowed");
        assertTrue(response.headers().firstValue("Allow").orElse("").contains("POST"), response.headers()::toString);
    }

    @Test
    void unsupportedMediaTypeIsRefused() throws Exception {
        HttpResponse<String> response = api.send(api.request(LocalUser.ADMIN, "filesystems")
                .header("Content-Type", "text/plain").POST(BodyPublishers.ofString("fsKey=x")));

        assertProblem(response, 415, "http.unsupported-media-type");
    }

    @Test
    void unacceptableTypeIsRefused() throws Exception {
        HttpResponse<String> response = api.send(api.request(LocalUser.READER, "files").header("Accept", "image/png"));

        assertProblem(response, 406, "http.not-acceptable");
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        HttpResponse<String> response = api.send(api.request(LocalUser.ADMIN, "filesystems")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"fsKey\": ")));

        assertProblem(response, 400, "media.malformed-json");
    }

    @Test
    void malformedMetadataIsABadRequest() throws Exception {
        HttpResponse<String> response = api.uploadRaw(LocalUser.WRITER, "filename=m.bin&metadata=" + MediaApi.encode("[1,2]"),
                "application/octet-stream", new byte[10]);

        assertProblem(response, 400, "media.invalid-metadata");
    }

    @Test
    void unknownCompressionIsABadRequest() throws Exception {
        HttpResponse<String> response = api.uploadRaw(LocalUser.WRITER, "filename=c.bin&compress=RAR",
                "application/octet-stream", new byte[10]);

        String detail = assertProblem(response, 400, "media.unknown-compression").getString("detail");
        assertTrue(detail.toLowerCase(java.util.Locale.ROOT).contains("zstd"), "the supported names: " + detail);
    }

    @Test
    void uploadWithoutFilenameIsABadRequest() throws Exception {
        HttpResponse<String> response = api.uploadRaw(LocalUser.WRITER, "resource=x", "application/octet-stream",
                new byte[10]);

        assertProblem(response, 400, "media.filename-required");
    }

    @Test
    void unknownJobIsABadRequest() throws Exception {
        HttpResponse<String> response = api.send(api.request(LocalUser.ADMIN, "jobs/defragment")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{}")));

        assertProblem(response, 400, "media.unknown-job");
    }

    @Test
    void aJobWithoutItsRequiredParameterOrWithAnUnknownFilesystemIsRefusedBeforeItStarts() throws Exception {
        for (String[] job : new String[][] {{"bulk-copy", "{}", "destination"},
                {"compress-sweep", "{}", "compress"},
                {"bulk-copy", "{\"destination\": \"no-such-filesystem\"}", "no-such-filesystem"},
                {"compress-sweep", "{\"compress\": \"rar\"}", "rar"}}) {
            HttpResponse<String> started = api.send(api.request(LocalUser.ADMIN, "jobs/" + job[0])
                    .header("Content-Type", "application/json").POST(BodyPublishers.ofString(job[1])));

            assertTrue(assertProblem(started, 400, "media.invalid-job-parameter").getString("detail").contains(job[2]),
                    job[0] + " " + job[1]);
        }
    }

    @Test
    void executionIdIsANumber() throws Exception {
        assertProblem(api.get(LocalUser.ADMIN, "jobs/first"), 400, "media.invalid-execution-id");
    }
}
