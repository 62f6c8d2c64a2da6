package io.fluvius.media.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.fluvius.media.core.InvalidMediaRequestException;

class ExecutionCursorTest {

    @Test
    void aCursorReadsBackAsHandedOut() {
        var cursor = new ExecutionCursor(4711, 300);
        assertEquals(cursor, ExecutionCursor.decode(cursor.encode()));
    }

    @Test
    void aCursorThisServiceDidNotHandOutIsTheCallersError() {
        String forged = Base64.getUrlEncoder().encodeToString("1|-5|0".getBytes(StandardCharsets.UTF_8));
        for (String bad : new String[] {"", "not base64!", forged, "MnwxfDA"}) {
            var e = assertThrows(InvalidMediaRequestException.class, () -> ExecutionCursor.decode(bad), bad);
            assertEquals("media.invalid-cursor", e.code());
        }
    }
}
