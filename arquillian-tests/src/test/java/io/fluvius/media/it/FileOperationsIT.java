package io.fluvius.media.it;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Listing with pages and {@code Link: rel="next"}, copying, deleting. */
class FileOperationsIT extends HttpApiTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    @Test
    void listPagesFollowTheNextLinkToTheEnd() throws Exception {
        String resource = MediaApi.uniqueResource("pages");
        var stored = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            stored.add(api.upload("filename=p" + i + ".bin&resource=" + resource, new byte[] {(byte) i}).getString("id"));
        }

        var seen = new ArrayList<String>();
        URI page = api.api("files?limit=2&resource=" + resource);
        var limits = new ArrayList<Integer>();
        var offsets = new ArrayList<Integer>();
        var nextLinks = new ArrayList<URI>();
        while (page != null) {
            HttpResponse<String> response = api.send(MediaApi.as(LocalUser.READER, HttpRequest.newBuilder(page)).GET());
            assertEquals(200, response.statusCode(), response::body);
            JsonObject body = json(response);
            limits.add(body.getInt("limit"));
            offsets.add(body.getInt("offset"));
            body.getJsonArray("items").stream().map(JsonValue::asJsonObject).forEach(e -> seen.add(e.getString("id")));
            page = response.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find)
                    .map(m -> URI.create(m.group(1))).orElse(null);
            if (page != null) {
                nextLinks.add(page);
                assertEquals(body.getString("nextCursor"), query(page, "cursor"), "the link carries the body's cursor");
            } else {
                assertTrue(body.isNull("nextCursor"), "no cursor on the last page");
            }
        }

        assertEquals(stored, seen, "every entry once, oldest first");
        assertEquals(List.of(2, 2, 2), limits, "three pages of two; no next link after the last");
        assertEquals(List.of(0, 2, 4), offsets, "each page says where it starts");
        for (URI next : nextLinks) {
            assertEquals(resource, query(next, "resource"), "the next link keeps the filters");
            assertEquals(null, query(next, "offset"), "the next link continues by cursor, not by offset");
        }
    }

    @Test
    void aCursorPageIsNotShiftedByDeletionsBeforeIt() throws Exception {
        String resource = MediaApi.uniqueResource("keyset");
        var stored = new ArrayList<String>();
        for (int i = 0; i < 4; i++) {
            stored.add(api.upload("filename=k" + i + ".bin&resource=" + resource, new byte[] {(byte) (40 + i)}).getString("id"));
        }
        HttpResponse<String> first = api.get(LocalUser.READER, "files?limit=2&resource=" + resource);
        URI next = first.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find)
                .map(m -> URI.create(m.group(1))).orElseThrow();

        // With offsets, deleting an entry of page 1 would move entry 2 onto page 1 and hide it.
        assertEquals(204, api.send(api.request(LocalUser.WRITER, "files/" + stored.get(0)).DELETE()).statusCode());
        HttpResponse<String> second = api.send(MediaApi.as(LocalUser.READER, HttpRequest.newBuilder(next)).GET());

        assertEquals(200, second.statusCode(), second::body);
        assertEquals(stored.subList(2, 4), json(second).getJsonArray("items").stream()
                .map(v -> v.asJsonObject().getString("id")).toList());
    }

    @Test
    void aCursorThisServiceDidNotIssueIsABadRequest() throws Exception {
        assertProblem(api.get(LocalUser.READER, "files?cursor=bm90LWEtY3Vyc29y"), 400, "media.invalid-cursor");
    }

    @Test
    void offsetAndCursorTogetherAreABadRequest() throws Exception {
        String resource = MediaApi.uniqueResource("both");
        for (int i = 0; i < 2; i++) {
            api.upload("filename=b" + i + ".bin&resource=" + resource, new byte[] {(byte) (60 + i)});
        }
        String cursor = json(api.get(LocalUser.READER, "files?limit=1&resource=" + resource)).getString("nextCursor");

        assertProblem(api.get(LocalUser.READER, "files?offset=1&cursor=" + cursor), 400, "media.invalid-request");
    }

    /** A decoded query parameter of {@code uri}, or {@code null}. */
    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Test
    void listAnswersItsLimitAndOffset() throws Exception {
        HttpResponse<String> response = api.get(LocalUser.READER, "files?limit=5000&offset=3&resource=none-such");

        assertEquals(200, response.statusCode(), response::body);
        JsonObject page = json(response);
        assertEquals(1000, page.getInt("limit"), "the limit is capped at 1000");
        assertEquals(3, page.getInt("offset"));
        assertEquals(0, page.getJsonArray("items").size());
        assertTrue(response.headers().firstValue("Link").isEmpty());
    }

    @Test
    void negativeLimitIsABadRequest() throws Exception {
        assertProblem(api.get(LocalUser.READER, "files?limit=-1"), 400, "media.invalid-request");
    }

    @Test
    void copyToAnotherFilesystemIsANewEntryOfTheSameBytes() throws Exception {
        byte[] content = MediaApi.randomBytes(10_000, 11);
        JsonObject original = api.upload("filename=c.bin&resource=copies", content);

        HttpResponse<String> copied = api.send(api.request(LocalUser.WRITER,
                "files/" + original.getString("id") + "/copy?fsKey=memory").POST(BodyPublishers.noBody()));

        assertEquals(201, copied.statusCode(), copied::body);
        JsonObject copy = json(copied);
        assertEquals(api.api("files/" + copy.getString("id")).toString(), copied.headers().firstValue("Location").orElseThrow());
        assertEquals("memory", copy.getString("fsKey"));
        assertEquals(original.getString("id"), copy.getString("sourceId"));
        assertEquals(original.getString("filehash"), copy.getString("filehash"));
        HttpResponse<byte[]> bytes = api.sendForBytes(api.request(LocalUser.READER, "files/" + copy.getString("id")).GET());
        assertArrayEquals(content, bytes.body());
    }

    @Test
    void deleteRemovesTheEntryOnce() throws Exception {
        String id = api.upload("filename=gone.bin", new byte[] {1, 2, 3}).getString("id");

        HttpResponse<String> deleted = api.send(api.request(LocalUser.WRITER, "files/" + id).DELETE());
        HttpResponse<String> again = api.send(api.request(LocalUser.WRITER, "files/" + id).DELETE());

        assertEquals(204, deleted.statusCode(), deleted::body);
        assertProblem(again, 404, "media.not-found");
        assertProblem(api.get(LocalUser.READER, "files/" + id), 404, "media.not-found");
    }
}
