package io.fluvius.media.it;

import static io.fluvius.media.it.MediaApi.encode;
import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/**
 * Uploads as multipart/form-data and as a raw body, with and without compression, with metadata: the entry
 * the upload answers is the one {@code GET /files/{id}/metadata} shows, and the bytes come back unchanged.
 */
class UploadIT extends HttpApiTest {

    @Test
    void rawUploadRoundTripsWithMetadata() throws Exception {
        byte[] content = MediaApi.randomBytes(300_000, 1);
        HttpResponse<String> created = api.uploadRaw(LocalUser.WRITER,
                "filename=raw.bin&resource=docs&resourceId=doc_1&metadata=" + encode("{\"k\":\"v\",\"n\":\"1\"}"),
                "application/octet-stream", content);

        JsonObject entry = assertCreatedEntry(created, content);
        assertEquals("raw.bin", entry.getString("filename"));
        assertEquals("docs", entry.getString("resource"));
        assertEquals("doc_1", entry.getString("resourceId"));
        assertEquals(Json.createObjectBuilder().add("k", "v").add("n", "1").build(), entry.getJsonObject("metadata"));
        assertEquals(JsonValue.NULL, entry.get("compress"));
        assertEquals(content.length, entry.getJsonNumber("storedLength").longValue());
    }

    @Test
    void rawUploadWithCompressionRoundTrips() throws Exception {
        byte[] content = MediaApi.compressibleText(200_000);
        HttpResponse<String> created = api.uploadRaw(LocalUser.WRITER, "filename=log.txt&compress=ZSTD",
                "text/plain", content);

        JsonObject entry = assertCreatedEntry(created, content);
        assertEquals("ZSTD", entry.getString("compress"));
        assertTrue(entry.getJsonNumber("storedLength").longValue() < content.length / 4, entry::toString);
        assertEquals("text/plain", entry.getString("filemime"), "the body's Content-Type is the file's type");
    }

    @Test
    void multipartUploadRoundTripsWithMetadata() throws Exception {
        byte[] content = MediaApi.randomBytes(250_000, 2);
        var form = new MultipartBody()
                .field("resource", "invoices")
                .field("resourceId", "inv_7")
                .field("metadata", "{\"customer\":\"ACME\",\"year\":2026}")
                .file("file", "scan.bin", "application/octet-stream", content);

        JsonObject entry = assertCreatedEntry(api.uploadForm(LocalUser.WRITER, "", form), content);
        assertEquals("scan.bin", entry.getString("filename"), "the file part names the file");
        assertEquals("invoices", entry.getString("resource"));
        assertEquals("inv_7", entry.getString("resourceId"));
        assertEquals(Json.createObjectBuilder().add("customer", "ACME").add("year", "2026").build(),
                entry.getJsonObject("metadata"));
    }

    @Test
    void multipartUploadWithCompressionRoundTrips() throws Exception {
        byte[] content = MediaApi.compressibleText(150_000);
        var form = new MultipartBody()
                .field("filename", "notes.txt")
                .field("compress", "GZIP")
                .field("mimeType", "text/plain; charset=US-ASCII")
                .file("file", "ignored-name.txt", "application/octet-stream", content);

        JsonObject entry = assertCreatedEntry(api.uploadForm(LocalUser.WRITER, "", form), content);
        assertEquals("notes.txt", entry.getString("filename"), "the filename field wins over the part's name");
        assertEquals("GZIP", entry.getString("compress"));
        assertEquals("text/plain; charset=US-ASCII", entry.getString("filemime"), "an explicit mimeType wins");
        assertTrue(entry.getJsonNumber("storedLength").longValue() < content.length / 4, entry::toString);
    }

    @Test
    void rawUploadTakesItsNameFromContentDisposition() throws Exception {
        byte[] content = MediaApi.randomBytes(1_000, 3);
        HttpResponse<String> created = api.send(api.request(LocalUser.WRITER, "files")
                .header("Content-Type", "application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"resume.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(content)));

        assertEquals("résumé.pdf", assertCreatedEntry(created, content).getString("filename"));
    }

    @Test
    void entryJsonHasEveryMemberOfTheContract() throws Exception {
        JsonObject entry = api.upload("filename=members.bin", MediaApi.randomBytes(100, 4));

        for (String member : new String[] {"id", "filename", "filehash", "filemime", "length", "fsKey", "fsPath",
                "compress", "storedLength", "resource", "resourceId", "sourceId", "metadata", "created", "updated"}) {
            assertTrue(entry.containsKey(member), member + " in " + entry);
        }
        assertEquals(JsonValue.NULL, entry.get("sourceId"), "absent values are null, not left out");
        assertTrue(!entry.getString("fsPath").contains("members.bin"), "the storage key never holds the filename");
    }

    /** 201 with a Location, an entry equal to its metadata, and the same bytes back. */
    private JsonObject assertCreatedEntry(HttpResponse<String> created, byte[] content) throws Exception {
        assertEquals(201, created.statusCode(), created::body);
        JsonObject entry = json(created);
        String id = entry.getString("id");
        assertEquals(api.api("files/" + id).toString(), created.headers().firstValue("Location").orElseThrow());
        assertEquals(MediaApi.sha256Hex(content), entry.getString("filehash"));
        assertEquals(content.length, entry.getJsonNumber("length").longValue());

        HttpResponse<String> metadata = api.get(LocalUser.READER, "files/" + id + "/metadata");
        assertEquals(200, metadata.statusCode(), metadata::body);
        assertEquals(entry, json(metadata), "the upload's answer is the stored entry");

        HttpResponse<byte[]> download = api.sendForBytes(api.request(LocalUser.READER, "files/" + id).GET());
        assertEquals(200, download.statusCode());
        assertArrayEquals(content, download.body());
        return entry;
    }
}
