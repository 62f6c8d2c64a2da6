package io.fluvius.media.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fluvius.media.web.http.Validators.Outcome;

class ValidatorsTest {

    private static final Instant MODIFIED = Instant.parse("2026-11-24T10:00:00.123456Z");
    private final Validators validators = new Validators("abc", MODIFIED);

    @Test
    void matchingIfNoneMatchIsNotModified() {
        assertEquals(Outcome.NOT_MODIFIED, evaluate(Map.of("If-None-Match", "\"x\", W/\"abc\"")));
        assertEquals(Outcome.NOT_MODIFIED, evaluate(Map.of("If-None-Match", "*")));
    }

    @Test
    void otherIfNoneMatchProceedsAndOutranksTheDate() {
        assertEquals(Outcome.PROCEED, evaluate(Map.of("If-None-Match", "\"x\"",
                "If-Modified-Since", "Tue, 24 Nov 2026 10:00:00 GMT")));
    }

    @Test
    void unchangedSinceIsNotModified() {
        assertEquals(Outcome.NOT_MODIFIED, evaluate(Map.of("If-Modified-Since", "Tue, 24 Nov 2026 10:00:00 GMT")));
        assertEquals(Outcome.PROCEED, evaluate(Map.of("If-Modified-Since", "Tue, 24 Nov 2026 09:59:59 GMT")));
        assertEquals(Outcome.PROCEED, evaluate(Map.of("If-Modified-Since", "yesterday")));
    }

    @Test
    void ifMatchNeedsAStrongMatch() {
        assertEquals(Outcome.PROCEED, evaluate(Map.of("If-Match", "\"abc\"")));
        assertEquals(Outcome.PRECONDITION_FAILED, evaluate(Map.of("If-Match", "W/\"abc\"")));
        assertEquals(Outcome.PRECONDITION_FAILED, evaluate(Map.of("If-Unmodified-Since", "Tue, 24 Nov 2026 09:00:00 GMT")));
    }

    @Test
    void ifRangeMatchesOnlyTheStrongTagOrTheExactDate() {
        assertTrue(validators.rangeApplies(null));
        assertTrue(validators.rangeApplies("\"abc\""));
        assertFalse(validators.rangeApplies("W/\"abc\""));
        assertFalse(validators.rangeApplies("\"other\""));
        assertTrue(validators.rangeApplies(validators.lastModifiedHeader()));
        assertFalse(validators.rangeApplies("Tue, 24 Nov 2026 10:00:01 GMT"));
    }

    @Test
    void headersAreWhatCachesExpect() {
        assertEquals("\"abc\"", validators.etag());
        assertEquals("Tue, 24 Nov 2026 10:00:00 GMT", validators.lastModifiedHeader());
        assertEquals(List.of("\"a,b\"", "W/\"c\""), Validators.entityTags("\"a,b\", W/\"c\", junk"));
    }

    private Outcome evaluate(Map<String, String> headers) {
        return validators.evaluate(headers::get);
    }
}
