package io.fluvius.media.web.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.PutOptions;

class UploadFieldsTest {

    @Test
    void fieldsBecomeTheOptionsOfThePut() {
        var fields = UploadFields.fromQuery(Map.of("resource", List.of("docs"), "cacheBuster", List.of("1")));
        fields.set("metadata", "{\"k\":\"v\",\"n\":3,\"b\":true}");
        fields.set("compress", "ZSTD");

        PutOptions options = fields.toOptions("from-header.txt", "text/plain", "ab".repeat(32));

        assertEquals(new PutOptions("from-header.txt", null, "ZSTD", "docs", null, "text/plain",
                Map.of("k", "v", "n", "3", "b", "true"), "ab".repeat(32)), options);
    }

    @Test
    void explicitFieldsWinOverHeaders() {
        var fields = new UploadFields();
        fields.set("filename", "explicit.txt");
        fields.set("mimeType", "text/markdown");

        PutOptions options = fields.toOptions("from-header.txt", "text/plain", null);

        assertEquals("explicit.txt", options.filename());
        assertEquals("text/markdown", options.mimeType());
    }

    @Test
    void genericContentTypesSayNothingAboutTheFile() {
        assertNull(UploadFields.meaningfulType("application/octet-stream"));
        assertNull(UploadFields.meaningfulType("application/x-www-form-urlencoded"));
        assertNull(UploadFields.meaningfulType("*/*"));
        assertNull(UploadFields.meaningfulType(null));
        assertEquals("image/png", UploadFields.meaningfulType("image/png"));
    }

    @Test
    void unknownDuplicateAndMalformedFieldsAreRefused() {
        var fields = new UploadFields();
        fields.set("resource", "a");
        assertEquals("media.duplicate-field", assertThrows(InvalidMediaRequestException.class,
                () -> fields.set("resource", "b")).code());
        assertEquals("media.unknown-field", assertThrows(InvalidMediaRequestException.class,
                () -> fields.set("filenmae", "x")).code());
        String deep = "{\"k\":" + "[".repeat(5000) + "]".repeat(5000) + "}"; // deeper than the parser goes
        for (String metadata : new String[] {"[1]", "{\"k\":{}}", "{oops", "{\"k\":null}", deep}) {
            assertEquals("media.invalid-metadata", assertThrows(InvalidMediaRequestException.class,
                    () -> UploadFields.metadata(metadata), metadata).code());
        }
    }
}
