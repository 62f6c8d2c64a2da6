package io.fluvius.media.it.persistence;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import io.fluvius.media.core.store.MediaManager;
import io.fluvius.media.core.store.MediaRecord;
import io.fluvius.media.core.store.RecordQuery;
import io.fluvius.media.jpa.JpaMediaManager;

/**
 * The production {@link JpaMediaManager} on the application's persistence unit, each call in a transaction
 * of its own (the caller has none): every record the contract reads back has made the round trip through
 * the database (or the second-level cache), not merely through a persistence context.
 */
@Stateless
@PermitAll
public class TransactionalMediaManager implements MediaManager {

    @PersistenceContext(unitName = "media")
    EntityManager em;

    private MediaManager jpa() {
        return new JpaMediaManager(em);
    }

    @Override
    public <R extends MediaRecord> R create(Class<R> model, Map<String, ?> data) {
        return jpa().create(model, data);
    }

    @Override
    public <R extends MediaRecord> R insert(R record) {
        return jpa().insert(record);
    }

    @Override
    public <R extends MediaRecord> Optional<R> fetch(Class<R> model, Object id) {
        return jpa().fetch(model, id);
    }

    @Override
    public <R extends MediaRecord> List<R> query(Class<R> model, RecordQuery query) {
        return jpa().query(model, query);
    }

    @Override
    public <R extends MediaRecord> long count(Class<R> model, RecordQuery query) {
        return jpa().count(model, query);
    }

    @Override
    public boolean remove(MediaRecord record) {
        return jpa().remove(record);
    }
}
