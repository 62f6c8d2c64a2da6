package io.fluvius.media.web.http;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * A JSON object from a caller's text, every way the parser can refuse it reported as {@link JsonException}: the
 * parser signals input nested too deeply (Parsson: more than 1000 levels) with a bare {@code RuntimeException},
 * which the error mapping would otherwise count as the server's fault.
 */
public final class JsonText {

    private JsonText() {
    }

    /**
     * @throws JsonException when {@code text} is not one JSON object (malformed, another type, nested too deeply)
     */
    public static JsonObject object(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new JsonException("Not a JSON object this server reads: " + e.getMessage(), e);
        }
    }
}
