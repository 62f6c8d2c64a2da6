package io.fluvius.media.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonException;

import org.junit.jupiter.api.Test;

/** A caller's JSON that the parser refuses is always a JsonException (the fuzzer's 500s on deep nesting). */
class JsonTextTest {

    @Test
    void inputNestedDeeperThanTheParserGoesIsAJsonException() {
        String deep = "{\"chunkSize\":" + "[".repeat(20_000) + "}";
        assertThrows(JsonException.class, () -> JsonText.object(deep));
        String deepObjects = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        assertThrows(JsonException.class, () -> JsonText.object(deepObjects));
    }

    @Test
    void malformedTextAndOtherTypesAreJsonExceptionsAndAnObjectIsRead() {
        for (String text : new String[] {"", "[]", "\"x\"", "1", "{", "{\"a\":}"}) {
            assertThrows(JsonException.class, () -> JsonText.object(text), text);
        }
        assertEquals(1, JsonText.object("{\"a\":1}").getInt("a"));
    }
}
