package io.fluvius.media.core.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The persistence seam. Two implementations: {@link NullMediaManager} (in memory) and the JPA one in
 * the server, so that no code path asks "is there a manager?".
 */
public interface MediaManager {

    /** Builds a record of that model from named values, in memory only (nothing is stored). */
    default <R extends MediaRecord> R create(Class<R> model, Map<String, ?> data) {
        return Records.create(model, data);
    }

    /** Stores a record; a record with the same identity is replaced. */
    <R extends MediaRecord> R insert(R record);

    <R extends MediaRecord> Optional<R> fetch(Class<R> model, Object id);

    /** Records matching every filter, in the model's order, one page of them. */
    <R extends MediaRecord> List<R> query(Class<R> model, RecordQuery query);

    /** How many records match every filter (the page of the query is ignored). */
    <R extends MediaRecord> long count(Class<R> model, RecordQuery query);

    /** @return {@code true} when the record existed */
    boolean remove(MediaRecord record);
}
