package io.fluvius.media.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fluvius.media.core.InvalidMediaRequestException;

class ContentHeadersTest {

    private static final String HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @Test
    void contentDigestGivesTheSha256AsHex() {
        String header = "sha-512=:AAAA:, sha-256=:LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=:";
        assertEquals(Optional.of(HELLO_SHA256), ContentDigest.sha256Hex(header));
        assertEquals(header.substring(header.indexOf("sha-256")), ContentDigest.of(HELLO_SHA256));
        assertEquals(Optional.empty(), ContentDigest.sha256Hex(null));
    }

    @Test
    void contentDigestWithoutSha256OrMalformedIsRefused() {
        for (String header : new String[] {"sha-512=:AAAA:", "sha-256=LPJN", "sha-256=:AAAA:", "sha-256=:!!:"}) {
            var e = assertThrows(InvalidMediaRequestException.class, () -> ContentDigest.sha256Hex(header), header);
            assertEquals("media.invalid-digest", e.code());
        }
    }

    @Test
    void downloadNameHasAnAsciiFallbackAndTheExactUtf8Name() {
        assertEquals("attachment; filename=\"r_sum_ 100_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20100%25.pdf",
                ContentDisposition.of("attachment", "résumé 100%.pdf"));
    }

    @Test
    void uploadNamePrefersTheExtendedValueAndDropsDirectories() {
        assertEquals(Optional.of("résumé.pdf"), ContentDisposition.filename(
                "attachment; filename=\"resume.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"));
        assertEquals(Optional.of("a \"b\".txt"), ContentDisposition.filename("attachment; filename=\"C:\\\\x\\\\a \\\"b\\\".txt\""));
        assertEquals(Optional.of("plain.txt"), ContentDisposition.filename("inline; filename=../../plain.txt"));
        assertEquals(Optional.empty(), ContentDisposition.filename("attachment"));
        assertEquals(Optional.of("file"), ContentDisposition.formFieldName("form-data; name=\"file\"; filename=\"x\""));
    }
}
