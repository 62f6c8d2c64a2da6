package io.fluvius.media.core.records;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fluvius.media.core.InvalidMediaRequestException;

/**
 * Equality filters on record properties, optional bounds ({@code property <= value} and
 * {@code property >= value}, which no null satisfies), plus a page. A filter whose value is {@code null} is ignored (an absent parameter), not a
 * test for null.
 *
 * <p>A page starts either {@code offset} records into the result or, when {@code after} is given, right
 * after the record whose ordering values ({@link Records#orderOf}, most significant first) these are: a
 * keyset start, which a database finds through the listing index instead of reading and dropping every
 * earlier row. Both may be combined; the offset then counts from that position.
 */
public record RecordQuery(Map<String, Object> filters, int limit, long offset, List<Object> after,
                          Map<String, Comparable<?>> atMost, Map<String, Comparable<?>> atLeast) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /**
     * The most rows one query fetches: one beyond the largest page, so that a listing learns whether
     * another page follows without asking a second time.
     */
    public static final int MAX_FETCH = MAX_LIMIT + 1;
    /** The furthest a query may start: what JPA can address ({@code setFirstResult} takes an int). */
    public static final long MAX_OFFSET = Integer.MAX_VALUE;

    public RecordQuery {
        if (limit < 0) {
            throw new InvalidMediaRequestException("limit must not be negative, was " + limit);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new InvalidMediaRequestException("offset must be between 0 and " + MAX_OFFSET + ", was " + offset);
        }
        var copy = new LinkedHashMap<String, Object>();
        if (filters != null) {
            filters.forEach((name, value) -> {
                if (value != null) {
                    copy.put(name, value);
                }
            });
        }
        filters = Map.copyOf(copy);
        limit = limit == 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_FETCH);
        // Values may not be null (List.copyOf would refuse them): ordering properties are never null.
        after = after == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(after));
        atMost = atMost == null ? Map.of() : Map.copyOf(atMost);
        atLeast = atLeast == null ? Map.of() : Map.copyOf(atLeast);
    }

    public RecordQuery(Map<String, Object> filters, int limit, long offset) {
        this(filters, limit, offset, List.of(), Map.of(), Map.of());
    }

    public static RecordQuery where(Map<String, Object> filters) {
        return new RecordQuery(filters, MAX_LIMIT, 0);
    }

    public RecordQuery page(int newLimit, long newOffset) {
        return new RecordQuery(filters, newLimit, newOffset, after, atMost, atLeast);
    }

    /** The same query starting right after the record with these ordering values. */
    public RecordQuery after(List<Object> orderingValues) {
        return new RecordQuery(filters, limit, offset, orderingValues, atMost, atLeast);
    }

    /** The same query, restricted to records whose {@code property} is at most {@code bound} (not null). */
    public RecordQuery atMost(String property, Comparable<?> bound) {
        var bounds = new LinkedHashMap<String, Comparable<?>>(atMost);
        bounds.put(property, bound);
        return new RecordQuery(filters, limit, offset, after, bounds, atLeast);
    }

    /** The same query, restricted to records whose {@code property} is at least {@code bound} (not null). */
    public RecordQuery atLeast(String property, Comparable<?> bound) {
        var bounds = new LinkedHashMap<String, Comparable<?>>(atLeast);
        bounds.put(property, bound);
        return new RecordQuery(filters, limit, offset, after, atMost, bounds);
    }

    /** Whether the page starts after a given record rather than at the start of the result. */
    public boolean hasKeysetStart() {
        return !after.isEmpty();
    }
}
