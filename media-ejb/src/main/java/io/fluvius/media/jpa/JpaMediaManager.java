package io.fluvius.media.jpa;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import io.fluvius.media.core.store.MediaManager;
import io.fluvius.media.core.store.MediaRecord;
import io.fluvius.media.core.store.RecordQuery;
import io.fluvius.media.core.store.Records;

/**
 * The production {@link MediaManager}: records are JPA entities in the container's persistence context,
 * so every call joins the caller's transaction.
 */
public class JpaMediaManager implements MediaManager {

    /** Columns that lead the listing indexes (see the migrations), in index order. */
    private static final List<String> INDEX_LEADING_PROPERTIES = List.of("resource", "resourceId", "fsKey");

    private final EntityManager em;

    /** @param em a container-managed (transaction-scoped) entity manager */
    public JpaMediaManager(EntityManager em) {
        this.em = em;
    }

    @Override
    public <R extends MediaRecord> R insert(R record) {
        if (em.find(record.getClass(), record.recordId()) == null) {
            em.persist(record);
        } else {
            em.merge(record);
        }
        em.flush(); // constraint violations surface here, inside the put, not at commit
        return record;
    }

    @Override
    public <R extends MediaRecord> Optional<R> fetch(Class<R> model, Object id) {
        return id == null ? Optional.empty() : Optional.ofNullable(em.find(model, id));
    }

    @Override
    public <R extends MediaRecord> List<R> query(Class<R> model, RecordQuery query) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var select = cb.createQuery(model);
        Root<R> root = select.from(model);
        select.select(root).where(filters(cb, root, query.filters()));
        select.orderBy(order(model, query).stream().map(p -> cb.asc(root.get(p))).toList());
        return em.createQuery(select)
                .setFirstResult(Math.toIntExact(query.offset()))
                .setMaxResults(query.limit())
                .getResultList();
    }

    @Override
    public <R extends MediaRecord> long count(Class<R> model, RecordQuery query) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var select = cb.createQuery(Long.class);
        Root<R> root = select.from(model);
        select.select(cb.count(root)).where(filters(cb, root, query.filters()));
        return em.createQuery(select).getSingleResult();
    }

    @Override
    public boolean remove(MediaRecord record) {
        MediaRecord managed = em.find(record.getClass(), record.recordId());
        if (managed == null) {
            return false;
        }
        em.remove(managed);
        em.flush();
        return true;
    }

    /**
     * The model's order, led by the properties the query pins to one value. That changes no result (they
     * are constant within it) but lets the database read the rows in the order of an index that starts
     * with those columns, instead of sorting every matching row to return one page.
     */
    private static List<String> order(Class<? extends MediaRecord> model, RecordQuery query) {
        var order = new ArrayList<String>();
        for (String property : INDEX_LEADING_PROPERTIES) {
            if (query.filters().containsKey(property)) {
                order.add(property);
            }
        }
        order.addAll(Records.orderOf(model));
        return order;
    }

    private static Predicate[] filters(CriteriaBuilder cb, Root<?> root, Map<String, Object> filters) {
        var predicates = new ArrayList<Predicate>();
        filters.forEach((property, value) -> predicates.add(cb.equal(root.get(property), value)));
        return predicates.toArray(Predicate[]::new);
    }
}
