package io.fluvius.media.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import io.fluvius.media.core.InvalidMediaRequestException;

/** The small JSON of {@code POST /files/{id}/links}: an optional {@code {"ttl": seconds}} in, the link out. */
final class LinkRequest {

    /** Larger bodies are not a link request. */
    private static final int MAX_BODY = 4096;

    /** The answer: the link's absolute URL and when it stops working. */
    public record Created(String url, Instant expires) {
    }

    private LinkRequest() {
    }

    /** The {@code ttl} of a JSON body, {@code null} when there is no body or no ttl in it. */
    static Long ttlFrom(InputStream body) throws IOException {
        if (body == null) {
            return null;
        }
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new InvalidMediaRequestException("A link request body is a small JSON object, at most " + MAX_BODY + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return null;
        }
        JsonObject json;
        try (var reader = Json.createReader(new StringReader(text))) {
            json = reader.readObject();
        } catch (RuntimeException e) {
            throw new InvalidMediaRequestException("media.malformed-json", "A link request body is a JSON object such as {\"ttl\": 600}");
        }
        JsonValue ttl = json.get("ttl");
        if (ttl == null || ttl.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(ttl instanceof JsonNumber number) || !number.isIntegral()) {
            throw new InvalidMediaRequestException("media.invalid-ttl", "ttl is a whole number of seconds");
        }
        return number.longValue();
    }
}
