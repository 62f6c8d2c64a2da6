package io.fluvius.media.it.security;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import io.fluvius.media.it.HttpApiTest;
import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;

/**
 * A signed link reads its one file, anonymously, with ranges and validators, until it expires; altered, expired,
 * pointed at another file or used with another method, it is refused; a rotation retires the signing key and,
 * after its overlap, its links.
 */
class SignedLinksIT extends HttpApiTest {

    private final byte[] content = MediaApi.randomBytes(50_000, 77);

    private JsonObject stored() throws Exception {
        return api.upload("filename=linked.bin&resource=" + MediaApi.uniqueResource("links"), content);
    }

    private JsonObject link(LocalUser user, JsonObject entry, String query) throws Exception {
        HttpResponse<String> created = api.send(api.request(user, "files/" + entry.getString("id") + "/links" + query)
                .POST(BodyPublishers.noBody()));
        assertEquals(201, created.statusCode(), created::body);
        JsonObject link = json(created);
        assertEquals(Optional.of(link.getString("url")), created.headers().firstValue("Location"));
        return link;
    }

    private HttpResponse<byte[]> anonymous(String url, String method, String range) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).method(method, BodyPublishers.noBody());
        if (range != null) {
            request.header("Range", range);
        }
        return api.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> anonymousText(String url, String method) throws Exception {
        return api.http.send(HttpRequest.newBuilder(URI.create(url)).method(method, BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLinkReadsItsFileAnonymouslyWithRangesAndValidators() throws Exception {
        JsonObject entry = stored();
        JsonObject link = link(LocalUser.READER, entry, "");
        String url = link.getString("url");
        Instant expires = Instant.parse(link.getString("expires"));
        assertTrue(expires.isAfter(Instant.now().plus(Duration.ofMinutes(14))), "15 minutes by default: " + expires);

        HttpResponse<byte[]> whole = anonymous(url, "GET", null);
        assertEquals(200, whole.statusCode());
        assertArrayEquals(content, whole.body());
        assertEquals(Optional.of("nosniff"), whole.headers().firstValue("X-Content-Type-Options"));
        String etag = whole.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> range = anonymous(url, "GET", "bytes=1000-1999");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), range.body());

        HttpResponse<byte[]> head = anonymous(url, "HEAD", null);
        assertEquals(200, head.statusCode());
        assertEquals(Optional.of(String.valueOf(content.length)), head.headers().firstValue("Content-Length"));

        var conditional = HttpRequest.newBuilder(URI.create(url)).header("If-None-Match", etag).GET().build();
        assertEquals(304, api.http.send(conditional, HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void anExpiredOrAlteredLinkOrOneForAnotherFileIsA403Problem() throws Exception {
        JsonObject entry = stored();
        JsonObject other = stored();
        String url = link(LocalUser.WRITER, entry, "").getString("url");

        String signature = url.substring(url.indexOf("signature=") + "signature=".length());
        String flipped = url.substring(0, url.length() - signature.length())
                + (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
        assertProblem(anonymousText(flipped, "GET"), 403, "media.link-invalid");
        String expiresLater = url.replaceFirst("expires=(\\d+)", "expires=" + (Instant.now().getEpochSecond() + 86_400));
        assertProblem(anonymousText(expiresLater, "GET"), 403, "media.link-invalid");
        String otherFile = url.replace(entry.getString("id"), other.getString("id"));
        assertProblem(anonymousText(otherFile, "GET"), 403, "media.link-invalid");
        assertProblem(anonymousText(url.substring(0, url.indexOf('?')), "GET"), 403, "media.link-invalid");

        String shortLived = link(LocalUser.READER, entry, "?ttl=1").getString("url");
        assertEquals(200, anonymous(shortLived, "GET", null).statusCode());
        Thread.sleep(2_100);
        assertProblem(anonymousText(shortLived, "GET"), 403, "media.link-expired");
    }

    @Test
    void aLinkServesGetAndHeadOnlyAndIsNoCredentialElsewhere() throws Exception {
        JsonObject entry = stored();
        String url = link(LocalUser.READER, entry, "").getString("url");

        for (String method : new String[] {"PUT", "DELETE", "POST"}) {
            HttpResponse<String> refused = anonymousText(url, method);
            assertProblem(refused, 405, "http.method-not-allowed");
            String allow = refused.headers().firstValue("Allow").orElse("");
            assertTrue(allow.contains("GET") && allow.contains("HEAD") && !allow.contains(method), allow);
        }
        assertEquals(200, anonymous(url, "GET", null).statusCode(), "the file is still there");
        String files = url.replace("/links/", "/files/");
        assertEquals(401, anonymousText(files, "GET").statusCode(), "the link's query is no credential for /files");
    }

    @Test
    void aLinkLongerThanTheMaximumOrForAMissingFileIsRefusedAndAnonymousCallersCannotMakeOne() throws Exception {
        JsonObject entry = stored();
        String path = "files/" + entry.getString("id") + "/links";

        assertProblem(api.send(api.request(LocalUser.READER, path + "?ttl=9999999").POST(BodyPublishers.noBody())),
                400, "media.invalid-ttl");
        assertProblem(api.send(api.request(LocalUser.READER, "files/" + java.util.UUID.randomUUID() + "/links")
                .POST(BodyPublishers.noBody())), 404, "media.not-found");
        assertEquals(401, api.send(api.request(null, path).POST(BodyPublishers.noBody())).statusCode());
        HttpResponse<String> fromBody = api.send(api.request(LocalUser.READER, path)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"ttl\": 60}")));
        assertEquals(201, fromBody.statusCode(), fromBody::body);
        Instant expires = Instant.parse(json(fromBody).getString("expires"));
        assertTrue(expires.isBefore(Instant.now().plusSeconds(62)), "60 seconds from the body: " + expires);
    }

    @Test
    void afterARotationAndItsOverlapOldLinksAreRefusedAndNewOnesWork() throws Exception {
        JsonObject entry = stored();
        String before = link(LocalUser.READER, entry, "").getString("url");

        assertEquals(403, api.send(api.request(LocalUser.WRITER, "link-keys").POST(BodyPublishers.noBody())).statusCode(),
                "rotation is the admin's");
        HttpResponse<String> kept = api.send(api.request(LocalUser.ADMIN, "link-keys").POST(BodyPublishers.noBody()));
        assertEquals(201, kept.statusCode(), kept::body);
        assertEquals(200, anonymous(before, "GET", null).statusCode(), "within the default overlap");
        String during = link(LocalUser.READER, entry, "").getString("url");
        assertFalse(during.contains(before.substring(before.indexOf("key="), before.indexOf("&signature"))));

        HttpResponse<String> revoking = api.send(api.request(LocalUser.ADMIN, "link-keys?overlap=0")
                .POST(BodyPublishers.noBody()));
        assertEquals(201, revoking.statusCode(), revoking::body);
        assertProblem(anonymousText(before, "GET"), 403, "media.link-invalid");
        assertProblem(anonymousText(during, "GET"), 403, "media.link-invalid");
        String after = link(LocalUser.READER, entry, "").getString("url");
        assertEquals(200, anonymous(after, "GET", null).statusCode());

        HttpResponse<String> keys = api.get(LocalUser.ADMIN, "link-keys");
        assertEquals(200, keys.statusCode());
        String current = json(revoking).getString("keyId");
        assertTrue(keys.body().contains(current), keys.body());
        assertFalse(keys.body().contains("secret"), keys.body());
    }
}
