package io.fluvius.media.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fluvius.media.core.InvalidMediaRequestException;

class QueryNumbersTest {

    @Test
    void asciiDigitsAreTheNumber() {
        assertEquals(25, QueryNumbers.nonNegative("limit", " 25 ", 0));
        assertEquals(Long.MAX_VALUE, QueryNumbers.nonNegative("offset", Long.toString(Long.MAX_VALUE), 0));
    }

    @Test
    void anAbsentOrBlankValueIsTheDefault() {
        assertEquals(7, QueryNumbers.nonNegative("limit", null, 7));
        assertEquals(7, QueryNumbers.nonNegative("limit", "  ", 7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0663", "1\u0660", "\uff11", "-1", "+1", "1e3", "0x10", "9223372036854775808", "1 2", "1.0"})
    void digitsOfOtherScriptsSignsAndOverflowAreRefused(String value) {
        var refused = assertThrows(InvalidMediaRequestException.class, () -> QueryNumbers.nonNegative("limit", value, 0));
        assertEquals("limit must be a non-negative integer, was '" + value + "'", refused.getMessage());
    }

    @Test
    void secondsMayBeSigned() {
        assertEquals(-5, QueryNumbers.seconds("media.invalid-ttl", "ttl", "-5"));
        assertEquals(60, QueryNumbers.seconds("media.invalid-ttl", "ttl", "+60"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "\u0665", "60s", "99999999999999999999"})
    void secondsThatAreNotAsciiWholeNumbersAreRefusedWithTheGivenCode(String value) {
        var refused = assertThrows(InvalidMediaRequestException.class,
                () -> QueryNumbers.seconds("media.invalid-ttl", "ttl", value));
        assertEquals("media.invalid-ttl", refused.code());
    }
}
