package io.fluvius.media.web.http;

import java.util.Locale;
import java.util.Optional;

/**
 * One range of bytes of a representation whose length is known, {@code first} to {@code last} inclusive
 * (RFC 9110 §14).
 */
public record ByteRange(long first, long last) {

    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("not a byte range: " + first + "-" + last);
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} of a 206 answer. */
    public String contentRange(long completeLength) {
        return "bytes " + first + "-" + last + "/" + completeLength;
    }

    /**
     * The one range a {@code Range} header asks of a representation of {@code length} bytes. Empty means
     * "send it all": no header, another unit, a syntax error (RFC 9110 lets a server ignore those), or
     * several ranges (multipart/byteranges is not offered).
     *
     * @throws RangeNotSatisfiableException when the range lies wholly past the end
     */
    public static Optional<ByteRange> parse(String header, long length) {
        if (header == null) {
            return Optional.empty();
        }
        String spec = header.trim();
        int equals = spec.indexOf('=');
        if (equals < 0 || !spec.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return Optional.empty();
        }
        spec = spec.substring(equals + 1).trim();
        if (spec.isEmpty() || spec.indexOf(',') >= 0) {
            return Optional.empty();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        if (from.isEmpty()) { // suffix: the last N bytes
            long suffix = digits(to);
            if (suffix < 0) {
                return Optional.empty();
            }
            if (suffix == 0 || length == 0) {
                throw new RangeNotSatisfiableException(length);
            }
            return Optional.of(new ByteRange(Math.max(0, length - suffix), length - 1));
        }
        long first = digits(from);
        long last = to.isEmpty() ? Long.MAX_VALUE : digits(to);
        if (first < 0 || last < 0 || last < first) {
            return Optional.empty();
        }
        if (first >= length) {
            throw new RangeNotSatisfiableException(length);
        }
        return Optional.of(new ByteRange(first, Math.min(last, length - 1)));
    }

    /** A non-negative decimal, saturating at Long.MAX_VALUE; -1 when {@code s} is not all digits. */
    private static long digits(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - (c - '0')) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
