package io.fluvius.media.it;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Listing with pages and {@code Link: rel="next"}, copying, deleting. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FileOperationsIT {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    @Deployment(testable = false)
    static EnterpriseArchive mediaEar() {
        return MediaApi.mediaEar();
    }

    @ArquillianResource
    private URL webModule;

    private MediaApi api;

    @BeforeEach
    void connect() {
        api = new MediaApi(webModule);
    }

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
        while (page != null) {
            HttpResponse<String> response = api.send(MediaApi.as(LocalUser.READER, HttpRequest.newBuilder(page)).GET());
            assertEquals(200, response.statusCode(), response::body);
            JsonObject body = json(response);
            limits.add(body.getInt("limit"));
            body.getJsonArray("items").stream().map(JsonValue::asJsonObject).forEach(e -> seen.add(e.getString("id")));
            page = response.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find)
                    .map(m -> URI.create(m.group(1))).orElse(null);
        }

        assertEquals(stored, seen, "every entry once, oldest first");
        assertEquals(List.of(2, 2, 2), limits, "three pages of two; no next link after the last");
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
