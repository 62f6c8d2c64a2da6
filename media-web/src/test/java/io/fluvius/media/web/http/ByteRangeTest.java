package io.fluvius.media.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void firstBytes() {
        assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.parse("bytes=0-99", 1000));
    }

    @Test
    void openEndedRangeRunsToTheEnd() {
        assertEquals(Optional.of(new ByteRange(500, 999)), ByteRange.parse("bytes=500-", 1000));
    }

    @Test
    void lastPositionPastTheEndIsClamped() {
        assertEquals(Optional.of(new ByteRange(900, 999)), ByteRange.parse("bytes=900-5000", 1000));
    }

    @Test
    void suffixRangeIsTheLastBytes() {
        assertEquals(Optional.of(new ByteRange(990, 999)), ByteRange.parse("bytes=-10", 1000));
        assertEquals(Optional.of(new ByteRange(0, 999)), ByteRange.parse("bytes=-5000", 1000));
    }

    @Test
    void rangeFromTheEndIsNotSatisfiable() {
        var e = assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertEquals(1000, e.completeLength());
        assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.parse("bytes=-0", 1000));
        assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.parse("bytes=-1", 0));
    }

    @Test
    void whatCannotBeReadIsIgnored() {
        for (String header : new String[] {null, "", "items=0-1", "bytes=5-2", "bytes=abc", "bytes=0-1,5-6", "bytes=-"}) {
            assertTrue(ByteRange.parse(header, 1000).isEmpty(), header);
        }
    }

    @Test
    void hugeNumbersSaturate() {
        assertEquals(Optional.of(new ByteRange(5, 999)), ByteRange.parse("bytes=5-99999999999999999999999", 1000));
        assertThrows(RangeNotSatisfiableException.class, () -> ByteRange.parse("bytes=99999999999999999999-", 1000));
    }

    @Test
    void contentRangeNamesBothEndsAndTheLength() {
        assertEquals("bytes 10-19/1000", new ByteRange(10, 19).contentRange(1000));
    }
}
