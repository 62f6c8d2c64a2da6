package io.fluvius.media.ejb.jobs;

import java.io.Serializable;
import java.util.List;

/**
 * One page of the listing of executions, newest first. {@code offset} is where the page starts in the whole
 * listing; {@code nextCursor} continues right after its last execution (opaque, {@code null} on the last page)
 * and costs the same however deep the page is.
 */
public record JobPage(List<JobExecution> items, int limit, long offset, String nextCursor) implements Serializable {

    public JobPage {
        items = List.copyOf(items);
    }

    public boolean hasNext() {
        return nextCursor != null;
    }
}
