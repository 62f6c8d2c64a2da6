package io.fluvius.media.web.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The validators of a stored file (a strong entity tag, its SHA-256, and a modification time) and the
 * conditional requests they answer, in the order of RFC 9110 §13.2.2.
 *
 * @param opaqueTag    the entity tag without quotes (the SHA-256 hex)
 * @param lastModified when the entry last changed, to the second (HTTP dates have no finer unit)
 */
public record Validators(String opaqueTag, Instant lastModified) {

    /** What the preconditions of a GET or HEAD decide. */
    public enum Outcome { PROCEED, NOT_MODIFIED, PRECONDITION_FAILED }

    public Validators {
        lastModified = lastModified.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The {@code ETag} value: strong, quoted. */
    public String etag() {
        return '"' + opaqueTag + '"';
    }

    public String lastModifiedHeader() {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(lastModified, ZoneOffset.UTC));
    }

    /**
     * Evaluates {@code If-Match}, {@code If-Unmodified-Since}, {@code If-None-Match} and
     * {@code If-Modified-Since} for a GET or HEAD; a date is ignored when the matching tag header is present.
     *
     * @param header a request header by name, {@code null} when absent
     */
    public Outcome evaluate(UnaryOperator<String> header) {
        String ifMatch = header.apply("If-Match");
        if (ifMatch != null) {
            if (!anyMatches(ifMatch, true)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else {
            Optional<Instant> unmodifiedSince = httpDate(header.apply("If-Unmodified-Since"));
            if (unmodifiedSince.isPresent() && lastModified.isAfter(unmodifiedSince.get())) {
                return Outcome.PRECONDITION_FAILED;
            }
        }
        String ifNoneMatch = header.apply("If-None-Match");
        if (ifNoneMatch != null) {
            return anyMatches(ifNoneMatch, false) ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
        }
        Optional<Instant> modifiedSince = httpDate(header.apply("If-Modified-Since"));
        if (modifiedSince.isPresent() && !lastModified.isAfter(modifiedSince.get())) {
            return Outcome.NOT_MODIFIED;
        }
        return Outcome.PROCEED;
    }

    /**
     * Whether a {@code Range} may be honoured under {@code If-Range}: yes without the header, or when it
     * names this strong tag or exactly this modification time (RFC 9110 §13.1.5).
     */
    public boolean rangeApplies(String ifRange) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return value.equals(etag());
        }
        return httpDate(value).map(lastModified::equals).orElse(false);
    }

    /** {@code *} or a tag list; strong comparison for If-Match, weak for If-None-Match. */
    private boolean anyMatches(String header, boolean strong) {
        if (header.trim().equals("*")) {
            return true;
        }
        for (String tag : entityTags(header)) {
            boolean weak = tag.startsWith("W/");
            String quoted = weak ? tag.substring(2) : tag;
            if ((!strong || !weak) && quoted.equals(etag())) {
                return true;
            }
        }
        return false;
    }

    /** The tags of a comma-separated list, each as written ({@code "x"} or {@code W/"x"}). */
    static List<String> entityTags(String header) {
        var tags = new ArrayList<String>();
        int i = 0;
        while (i < header.length()) {
            char c = header.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            if (header.startsWith("W/", i)) {
                i += 2;
            }
            if (i < header.length() && header.charAt(i) == '"') {
                int close = header.indexOf('"', i + 1);
                if (close < 0) {
                    break;
                }
                tags.add(header.substring(start, close + 1));
                i = close + 1;
            } else {
                int comma = header.indexOf(',', i);
                i = comma < 0 ? header.length() : comma; // not a tag: skip it
            }
        }
        return tags;
    }

    static Optional<Instant> httpDate(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty(); // RFC 9110: an invalid date is ignored
        }
    }
}
