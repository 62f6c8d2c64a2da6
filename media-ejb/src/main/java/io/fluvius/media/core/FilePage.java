package io.fluvius.media.core;

import java.io.Serializable;
import java.util.List;

/**
 * One page of a listing. {@code offset} is where the page starts in the whole result; {@code nextCursor}
 * continues right after its last entry (opaque, {@code null} on the last page), and costs the same
 * however deep the page is.
 */
public record FilePage(List<MediaEntry> items, int limit, long offset, String nextCursor) implements Serializable {

    public FilePage {
        items = List.copyOf(items);
    }

    public boolean hasNext() {
        return nextCursor != null;
    }
}
