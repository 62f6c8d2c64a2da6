package io.fluvius.media.it.persistence;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.records.MediaRecord;
import io.fluvius.media.core.records.RecordQuery;
import io.fluvius.media.jpa.JpaMediaManager;
import io.fluvius.media.jpa.TransactionBoundary;

/**
 * The production {@link JpaMediaManager} on the application's persistence unit and its transaction
 * boundary (the application's {@code Transactions} EJB). Each record call runs in the running transaction
 * or, when there is none, in one of its own: every record the contract reads back has made the round trip
 * through the database (or the second-level cache), not merely through a persistence context.
 */
@ApplicationScoped
public class TransactionalMediaManager implements MediaManager {

    @PersistenceContext(unitName = "media")
    EntityManager em;

    @EJB
    TransactionBoundary transactions;

    private MediaManager jpa() {
        return new JpaMediaManager(em, transactions);
    }

    @Override
    public <R extends MediaRecord> R create(Class<R> model, Map<String, ?> data) {
        return jpa().create(model, data);
    }

    @Override
    public <R extends MediaRecord> R insert(R record) {
        return transactions.required(() -> jpa().insert(record));
    }

    @Override
    public <R extends MediaRecord> Optional<R> fetch(Class<R> model, Object id) {
        return transactions.required(() -> jpa().fetch(model, id));
    }

    @Override
    public <R extends MediaRecord> List<R> query(Class<R> model, RecordQuery query) {
        return transactions.required(() -> jpa().query(model, query));
    }

    @Override
    public <R extends MediaRecord> long count(Class<R> model, RecordQuery query) {
        return transactions.required(() -> jpa().count(model, query));
    }

    @Override
    public boolean remove(MediaRecord record) {
        return transactions.required(() -> jpa().remove(record));
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return jpa().inTransaction(work);
    }

    @Override
    public <T> T inNewTransaction(Supplier<T> work) {
        return jpa().inNewTransaction(work);
    }

    @Override
    public <T> T outsideTransaction(Supplier<T> work) {
        return jpa().outsideTransaction(work);
    }

    @Override
    public <R extends MediaRecord> Optional<R> lock(Class<R> model, Object id) {
        return jpa().lock(model, id);
    }

    @Override
    public <R extends MediaRecord> Optional<R> lockFirst(Class<R> model, RecordQuery query) {
        return jpa().lockFirst(model, query);
    }

    @Override
    public void lockContent(String dedupKey) {
        jpa().lockContent(dedupKey);
    }
}
