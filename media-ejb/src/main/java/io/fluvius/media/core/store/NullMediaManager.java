package io.fluvius.media.core.store;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Keeps records in memory, for tests and for {@code new MediaInterface()}. Filters, orders and pages
 * exactly as the JPA manager does, so that code tested against it behaves the same in the server.
 */
public class NullMediaManager implements MediaManager {

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Comparator<Comparable> VALUE_ORDER = Comparator.nullsFirst(Comparator.naturalOrder());

    private final Map<Class<?>, Map<Object, MediaRecord>> tables = new ConcurrentHashMap<>();

    @Override
    public <R extends MediaRecord> R insert(R record) {
        table(record.getClass()).put(record.recordId(), record);
        return record;
    }

    @Override
    public <R extends MediaRecord> Optional<R> fetch(Class<R> model, Object id) {
        return id == null ? Optional.empty() : Optional.ofNullable(model.cast(table(model).get(id)));
    }

    @Override
    public <R extends MediaRecord> List<R> query(Class<R> model, RecordQuery query) {
        return matching(model, query)
                .filter(record -> !query.hasKeysetStart() || compareTo(record, query.after()) > 0)
                .sorted(NullMediaManager::compareInOrder)
                .skip(query.offset())
                .limit(query.limit())
                .toList();
    }

    @Override
    public <R extends MediaRecord> long count(Class<R> model, RecordQuery query) {
        return matching(model, query).count();
    }

    @Override
    public boolean remove(MediaRecord record) {
        return table(record.getClass()).remove(record.recordId()) != null;
    }

    private <R extends MediaRecord> Stream<R> matching(Class<R> model, RecordQuery query) {
        return table(model).values().stream()
                .map(model::cast)
                .filter(record -> query.filters().entrySet().stream()
                        .allMatch(f -> Objects.equals(record.property(f.getKey()), f.getValue())));
    }

    private Map<Object, MediaRecord> table(Class<?> model) {
        return tables.computeIfAbsent(model, m -> new ConcurrentHashMap<>());
    }

    private static int compareInOrder(MediaRecord a, MediaRecord b) {
        List<String> order = Records.orderOf(a.getClass());
        return compareTo(a, order.stream().map(b::property).toList());
    }

    /** How {@code record} sorts against a position given by ordering values (a keyset start). */
    private static int compareTo(MediaRecord record, List<Object> position) {
        List<String> order = Records.orderOf(record.getClass());
        for (int i = 0; i < order.size() && i < position.size(); i++) {
            int c = VALUE_ORDER.compare(sortable(record.property(order.get(i))), sortable(position.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Databases order UUIDs as unsigned bytes, {@link UUID#compareTo} as signed longs: use the former. */
    @SuppressWarnings("rawtypes")
    private static Comparable sortable(Object value) {
        return value instanceof UUID uuid ? uuid.toString() : (Comparable) value;
    }
}
