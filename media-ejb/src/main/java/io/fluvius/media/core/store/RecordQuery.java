package io.fluvius.media.core.store;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fluvius.media.core.InvalidMediaRequestException;

/**
 * Equality filters on record properties plus a page. A filter whose value is {@code null} is ignored
 * (an absent parameter), not a test for null.
 */
public record RecordQuery(Map<String, Object> filters, int limit, long offset) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public RecordQuery {
        if (limit < 0) {
            throw new InvalidMediaRequestException("limit must not be negative, was " + limit);
        }
        if (offset < 0) {
            throw new InvalidMediaRequestException("offset must not be negative, was " + offset);
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
        limit = limit == 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    }

    public static RecordQuery where(Map<String, Object> filters) {
        return new RecordQuery(filters, MAX_LIMIT, 0);
    }

    public RecordQuery page(int newLimit, long newOffset) {
        return new RecordQuery(filters, newLimit, newOffset);
    }
}
