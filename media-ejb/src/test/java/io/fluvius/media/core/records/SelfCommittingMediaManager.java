package io.fluvius.media.core.records;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A manager whose every change commits on its own when no transaction is open, as the in-memory one
 * behaves: how the contract calls a transactional manager (JPA) record by record. Everything else is
 * the delegate's.
 */
public abstract class SelfCommittingMediaManager implements MediaManager {

    protected abstract MediaManager delegate();

    @Override
    public <R extends MediaRecord> R insert(R record) {
        return delegate().inTransaction(() -> delegate().insert(record));
    }

    @Override
    public <R extends MediaRecord> R insertNew(R record) {
        return delegate().inTransaction(() -> delegate().insertNew(record));
    }

    @Override
    public boolean remove(MediaRecord record) {
        return delegate().inTransaction(() -> delegate().remove(record));
    }

    @Override
    public <R extends MediaRecord> Optional<R> fetch(Class<R> model, Object id) {
        return delegate().fetch(model, id);
    }

    @Override
    public <R extends MediaRecord> List<R> query(Class<R> model, RecordQuery query) {
        return delegate().query(model, query);
    }

    @Override
    public <R extends MediaRecord> long count(Class<R> model, RecordQuery query) {
        return delegate().count(model, query);
    }

    @Override
    public <R extends MediaRecord> List<Object> repeatedValues(Class<R> model, String property, Comparable<?> after,
                                                              int limit) {
        return delegate().repeatedValues(model, property, after, limit);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return delegate().inTransaction(work);
    }

    @Override
    public <T> T inNewTransaction(Supplier<T> work) {
        return delegate().inNewTransaction(work);
    }

    @Override
    public <T> T outsideTransaction(Supplier<T> work) {
        return delegate().outsideTransaction(work);
    }

    @Override
    public <R extends MediaRecord> Optional<R> lock(Class<R> model, Object id) {
        return delegate().lock(model, id);
    }

    @Override
    public <R extends MediaRecord> Optional<R> lockFirst(Class<R> model, RecordQuery query) {
        return delegate().lockFirst(model, query);
    }

    @Override
    public void lockContent(String dedupKey) {
        delegate().lockContent(dedupKey);
    }
}
