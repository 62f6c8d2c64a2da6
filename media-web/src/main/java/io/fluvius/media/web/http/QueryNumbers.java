package io.fluvius.media.web.http;

import io.fluvius.media.core.InvalidMediaRequestException;

/**
 * The whole numbers of query parameters ({@code limit}, {@code offset}, {@code ttl}, {@code overlap}): ASCII digits
 * only. {@link Long#parseLong} alone also takes the digits of other scripts ({@code ٣} is 3), so {@code limit=٣}
 * would list three entries where every other HTTP API answers 400; and a value too large for a {@code long} is the
 * caller's mistake, not an overflow.
 */
public final class QueryNumbers {

    private QueryNumbers() {
    }

    /**
     * @param absent what an absent or blank value means
     * @throws InvalidMediaRequestException (400) unless {@code value} is ASCII digits within a {@code long}
     */
    public static long nonNegative(String name, String value, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        String digits = value.trim();
        if (isDigits(digits, 0)) {
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException tooLarge) {
                // reported below
            }
        }
        throw new InvalidMediaRequestException(name + " must be a non-negative integer, was '" + value + "'");
    }

    /**
     * A whole number of seconds, which may be negative (the caller judges the range).
     *
     * @param code the error's code when {@code value} is not one
     */
    public static long seconds(String code, String name, String value) {
        String digits = value == null ? "" : value.trim();
        if (isDigits(digits, digits.startsWith("-") || digits.startsWith("+") ? 1 : 0)) {
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException tooLarge) {
                // reported below
            }
        }
        throw new InvalidMediaRequestException(code, name + " is a whole number of seconds, was '" + value + "'");
    }

    private static boolean isDigits(String text, int from) {
        if (text.length() <= from) {
            return false;
        }
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
