package io.fluvius.media.core.records;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Keeps records in memory, for tests and for {@code new MediaInterface()}. Filters, orders and pages
 * exactly as the JPA manager does, so that code tested against it behaves the same in the server.
 * <p>
 * Transactions are real here too, in the simplest form that keeps the ledger's guarantees: one at a
 * time (a lock that a transaction holds from its start to its end, so every {@link #lock} is trivially
 * held), and all or nothing (each change is undone when the transaction's work throws). Reads outside a
 * transaction see every committed change and the changes of the one running transaction.
 */
public class NullMediaManager implements MediaManager {

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Comparator<Comparable> VALUE_ORDER = Comparator.nullsFirst(Comparator.naturalOrder());
    /** As long as the server's databases wait for a row lock (configure-datasource-*.cli). */
    private static final long LOCK_TIMEOUT_SECONDS = 10;

    private final Map<Class<?>, Map<Object, MediaRecord>> tables = new ConcurrentHashMap<>();
    private final ReentrantLock transaction = new ReentrantLock();
    /** The running transaction's undo actions, newest first; touched only by the thread that holds it. */
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private final ThreadLocal<Boolean> suspended = ThreadLocal.withInitial(() -> false);

    @Override
    public <R extends MediaRecord> R insert(R record) {
        Map<Object, MediaRecord> table = table(record.getClass());
        MediaRecord previous = table.put(record.recordId(), record);
        recordUndo(() -> restore(table, record.recordId(), previous));
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
    @SuppressWarnings({"rawtypes", "unchecked"})
    public <R extends MediaRecord> List<Object> repeatedValues(Class<R> model, String property, Comparable<?> after,
                                                              int limit) {
        var counts = new TreeMap<Comparable, Integer>();
        table(model).values().forEach(record -> {
            Comparable value = (Comparable) record.property(property);
            if (value != null && (after == null || value.compareTo(after) > 0)) {
                counts.merge(value, 1, Integer::sum);
            }
        });
        return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> (Object) e.getKey())
                .limit(Math.min(limit, RecordQuery.MAX_FETCH)).toList();
    }

    @Override
    public boolean remove(MediaRecord record) {
        Map<Object, MediaRecord> table = table(record.getClass());
        MediaRecord previous = table.remove(record.recordId());
        recordUndo(() -> restore(table, record.recordId(), previous));
        return previous != null;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (transaction.isHeldByCurrentThread() && !suspended.get()) {
            return work.get(); // joins the running one
        }
        return inNewTransaction(work);
    }

    @Override
    public <T> T inNewTransaction(Supplier<T> work) {
        if (transaction.isHeldByCurrentThread() && !suspended.get()) {
            return outsideTransaction(() -> inNewTransaction(work)); // the running one waits meanwhile
        }
        boolean wasSuspended = suspended.get();
        acquire();
        suspended.set(false);
        boolean committed = false;
        try {
            T result = work.get();
            committed = true;
            return result;
        } finally {
            if (!committed) {
                undo.forEach(Runnable::run);
            }
            undo.clear();
            suspended.set(wasSuspended);
            transaction.unlock();
        }
    }

    @Override
    public <T> T outsideTransaction(Supplier<T> work) {
        if (!transaction.isHeldByCurrentThread() || suspended.get()) {
            return work.get();
        }
        // Suspends the running transaction: other threads may run theirs meanwhile.
        int holds = transaction.getHoldCount();
        Deque<Runnable> pending = new ArrayDeque<>(undo);
        undo.clear();
        for (int i = 0; i < holds; i++) {
            transaction.unlock();
        }
        suspended.set(true);
        try {
            return work.get();
        } finally {
            suspended.set(false);
            for (int i = 0; i < holds; i++) {
                acquire();
            }
            undo.clear();
            undo.addAll(pending);
        }
    }

    @Override
    public <R extends MediaRecord> Optional<R> lock(Class<R> model, Object id) {
        requireTransaction();
        return fetch(model, id);
    }

    @Override
    public <R extends MediaRecord> Optional<R> lockFirst(Class<R> model, RecordQuery query) {
        requireTransaction();
        return query(model, query.page(1, 0)).stream().findFirst();
    }

    @Override
    public void lockContent(String dedupKey) {
        requireTransaction(); // the transaction lock serialises everything already
    }

    private void acquire() {
        try {
            if (!transaction.tryLock(LOCK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Timed out after " + LOCK_TIMEOUT_SECONDS
                        + " s waiting for the in-memory manager's running transaction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for a transaction", e);
        }
    }

    private void requireTransaction() {
        if (!transaction.isHeldByCurrentThread() || suspended.get()) {
            throw new IllegalStateException("A lock needs a transaction (inTransaction)");
        }
    }

    private void recordUndo(Runnable action) {
        if (transaction.isHeldByCurrentThread() && !suspended.get()) {
            undo.push(action);
        }
    }

    private static void restore(Map<Object, MediaRecord> table, Object id, MediaRecord previous) {
        if (previous == null) {
            table.remove(id);
        } else {
            table.put(id, previous);
        }
    }

    private <R extends MediaRecord> Stream<R> matching(Class<R> model, RecordQuery query) {
        return table(model).values().stream()
                .map(model::cast)
                .filter(record -> query.filters().entrySet().stream()
                        .allMatch(f -> Objects.equals(record.property(f.getKey()), f.getValue())))
                .filter(record -> query.atMost().entrySet().stream()
                        .allMatch(bound -> atMost(record.property(bound.getKey()), bound.getValue())))
                .filter(record -> query.atLeast().entrySet().stream()
                        .allMatch(bound -> atLeast(record.property(bound.getKey()), bound.getValue())));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean atMost(Object value, Comparable bound) {
        return value != null && ((Comparable) value).compareTo(bound) <= 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean atLeast(Object value, Comparable bound) {
        return value != null && ((Comparable) value).compareTo(bound) >= 0;
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
