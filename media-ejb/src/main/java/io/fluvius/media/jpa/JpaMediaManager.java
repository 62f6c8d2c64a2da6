package io.fluvius.media.jpa;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.persistence.Cacheable;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.StorageIntent;
import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.records.MediaRecord;
import io.fluvius.media.core.records.RecordQuery;
import io.fluvius.media.core.records.Records;

/**
 * The production {@link MediaManager}: records are JPA entities in the container's persistence context,
 * so every call joins the current transaction; the transactions themselves are the container's, drawn by
 * a {@link TransactionBoundary}. Row locks are the database's ({@code SELECT ... FOR UPDATE}), so they
 * hold for every server sharing it; how long a lock is waited for is the datasource's lock timeout
 * (configure-datasource-*.cli).
 */
public class JpaMediaManager implements MediaManager {

    /** Columns that lead the listing indexes (see the migrations), in index order. */
    private static final List<String> INDEX_LEADING_PROPERTIES = List.of("resource", "resourceId", "fsKey");
    /** Rows of media_content_lock (migration V4): contents hash onto them; a few unrelated ones share each. */
    static final int CONTENT_LOCK_SLOTS = 1024;

    private final EntityManager em;
    private final TransactionBoundary transactions;
    private final PostgresLedgerStatements postgres;

    /**
     * @param em           a container-managed (transaction-scoped) entity manager
     * @param transactions where the container begins, joins and suspends transactions
     */
    public JpaMediaManager(EntityManager em, TransactionBoundary transactions) {
        this(em, transactions, null);
    }

    /**
     * @param postgres the database's own statements, on PostgreSQL ({@code null}: JPA alone)
     */
    public JpaMediaManager(EntityManager em, TransactionBoundary transactions, PostgresLedgerStatements postgres) {
        this.em = em;
        this.transactions = transactions;
        this.postgres = postgres;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return transactions.required(work);
    }

    @Override
    public <T> T inNewTransaction(Supplier<T> work) {
        return transactions.requiresNew(work);
    }

    @Override
    public <T> T outsideTransaction(Supplier<T> work) {
        return transactions.notSupported(work);
    }

    @Override
    public <R extends MediaRecord> Optional<R> lock(Class<R> model, Object id) {
        return id == null ? Optional.empty() : lockFirst(model, RecordQuery.where(Map.of(idProperty(model), id)));
    }

    /**
     * Locks the matching row with a query of its id alone, then reads it under that lock. A locking query
     * rather than {@code find}: it answers "no row" for a row that a transaction holding it has deleted,
     * without the exception (and the rolled-back transaction) that {@code find} or {@code refresh} would
     * give. Of the id alone: a locking query of the entity would join its eager collections, whose rows
     * PostgreSQL cannot lock in the same statement (Hibernate then locks them in another, and warns). The
     * read after it overwrites what this persistence context may hold already; it is itself a locking read
     * where one statement can lock it (no collection), since a plain read may be answered from a result H2
     * kept from before the last commit (configure-datasource-h2.cli switches that off as well).
     */
    @Override
    public <R extends MediaRecord> Optional<R> lockFirst(Class<R> model, RecordQuery query) {
        List<Object> ids = bound(em.createQuery("select e." + idProperty(model) + " from " + entity(model) + " e"
                        + where(query.filters()), Object.class), query.filters())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setMaxResults(1)
                .getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        R locked = em.find(model, ids.get(0));
        if (em.getMetamodel().entity(model).getPluralAttributes().isEmpty()) {
            em.refresh(locked, LockModeType.PESSIMISTIC_WRITE);
        } else {
            em.refresh(locked);
        }
        return Optional.of(locked);
    }

    @Override
    public void lockContent(String dedupKey) {
        em.createNativeQuery("SELECT slot FROM media_content_lock WHERE slot = ?1 FOR UPDATE")
                .setParameter(1, contentSlot(dedupKey))
                .getResultList();
    }

    /** The row of media_content_lock that a content's transactions lock. */
    static int contentSlot(String dedupKey) {
        return Math.floorMod(dedupKey.hashCode(), CONTENT_LOCK_SLOTS);
    }

    /**
     * An update that sets a matched property to itself: the database locks the rows it matches, and nothing
     * is read. The identity alone cannot be the property set, so one filter must be another property.
     */
    @Override
    public <R extends MediaRecord> boolean lockMatching(Class<R> model, Map<String, Object> filters) {
        String touched = filters.keySet().stream().filter(property -> !property.equals(idProperty(model)))
                .findFirst().orElse(null);
        if (touched == null) {
            return MediaManager.super.lockMatching(model, filters);
        }
        return bound(em.createQuery("update " + entity(model) + " e set e." + touched + " = e." + touched
                + where(filters)), filters).executeUpdate() > 0;
    }

    /**
     * One delete statement for a model without collections (whose rows a bulk delete would leave behind) and
     * outside the second-level cache (whose region a bulk delete empties); the look-up and delete of
     * {@link #remove} for the others.
     */
    @Override
    public <R extends MediaRecord> long removeMatching(Class<R> model, Map<String, Object> filters) {
        if (model.isAnnotationPresent(Cacheable.class)
                || !em.getMetamodel().entity(model).getPluralAttributes().isEmpty()) {
            return MediaManager.super.removeMatching(model, filters);
        }
        return bound(em.createQuery("delete from " + entity(model) + " e" + where(filters)), filters).executeUpdate();
    }

    private static String idProperty(Class<? extends MediaRecord> model) {
        List<String> order = Records.orderOf(model);
        return order.get(order.size() - 1);
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

    /** Persisted without the look-up {@link #insert} makes; a clash of identities fails at the flush. */
    @Override
    public <R extends MediaRecord> R insertNew(R record) {
        em.persist(record);
        em.flush();
        return record;
    }

    /** Persisted together: one flush, which the persistence unit's JDBC batching sends as one round trip. */
    @Override
    public <R extends MediaRecord> List<R> insertAllNew(List<R> records) {
        records.forEach(em::persist);
        em.flush();
        return records;
    }

    /** On PostgreSQL, one statement over the datasource's connection, without a persistence context. */
    @Override
    public boolean hasCanonicalBlob(String dedupKey) {
        return postgres == null ? MediaManager.super.hasCanonicalBlob(dedupKey) : postgres.hasCanonicalBlob(dedupKey);
    }

    @Override
    public FreshPublication publishFresh(StorageIntent write, MediaBlob blob, MediaEntry entry) {
        if (postgres == null) {
            return FreshPublication.NOT_SUPPORTED;
        }
        int slot = blob.getDedupKey() == null ? 0 : contentSlot(blob.getDedupKey());
        return postgres.publishFresh(write, slot, blob, entry);
    }

    @Override
    public <R extends MediaRecord> Optional<R> fetch(Class<R> model, Object id) {
        return id == null ? Optional.empty() : Optional.ofNullable(em.find(model, id));
    }

    /**
     * From the second-level cache when it holds the entry; otherwise one query for the entry, its metadata and
     * its blob: on PostgreSQL a plain statement (the cache is left as it is: a download needs no managed entity,
     * and filling three cache regions costs more than the query), elsewhere through the persistence context,
     * which puts all three in the cache.
     */
    @Override
    public Optional<EntryAndBlob> fetchWithBlob(Object entryId) {
        if (entryId == null) {
            return Optional.empty();
        }
        if (em.getEntityManagerFactory().getCache().contains(MediaEntry.class, entryId)) {
            return MediaManager.super.fetchWithBlob(entryId);
        }
        if (postgres != null) {
            return postgres.fetchWithBlob((UUID) entryId);
        }
        List<Object[]> rows = em.createQuery("select e, b from MediaEntry e left join fetch e.metadata"
                        + " left join MediaBlob b on b.id = e.blobId where e.id = :id", Object[].class)
                .setParameter("id", entryId)
                .getResultList();
        return rows.stream().findFirst().map(row -> new EntryAndBlob((MediaEntry) row[0],
                Optional.ofNullable((MediaBlob) row[1])));
    }

    @Override
    public <R extends MediaRecord> List<R> query(Class<R> model, RecordQuery query) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var select = cb.createQuery(model);
        Root<R> root = select.from(model);
        var where = new ArrayList<>(List.of(filters(cb, root, query.filters())));
        where.addAll(bounds(cb, root, query));
        if (query.hasKeysetStart()) {
            where.addAll(after(cb, root, Records.orderOf(model), query.after()));
        }
        select.select(root).where(where.toArray(Predicate[]::new));
        select.orderBy(order(model, query).stream().map(p -> cb.asc(root.get(p))).toList());
        return em.createQuery(select)
                .setFirstResult(Math.toIntExact(query.offset()))
                .setMaxResults(query.limit())
                .getResultList();
    }

    @Override
    public <R extends MediaRecord> long count(Class<R> model, RecordQuery query) {
        if (query.atMost().isEmpty() && query.atLeast().isEmpty()) {
            return bound(em.createQuery("select count(e) from " + entity(model) + " e" + where(query.filters()),
                    Long.class), query.filters()).getSingleResult();
        }
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var select = cb.createQuery(Long.class);
        Root<R> root = select.from(model);
        var where = new ArrayList<>(List.of(filters(cb, root, query.filters())));
        where.addAll(bounds(cb, root, query));
        select.select(cb.count(root)).where(where.toArray(Predicate[]::new));
        return em.createQuery(select).getSingleResult();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public <R extends MediaRecord> List<Object> repeatedValues(Class<R> model, String property, Comparable<?> after,
                                                              int limit) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        var select = cb.createQuery(Object.class);
        Root<R> root = select.from(model);
        Expression value = root.get(property);
        select.select(value).groupBy(value).having(cb.gt(cb.count(root), 1L)).orderBy(cb.asc(value));
        if (after != null) {
            select.where(cb.greaterThan(value, (Comparable) after));
        }
        return em.createQuery(select).setMaxResults(Math.min(limit, RecordQuery.MAX_FETCH)).getResultList();
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

    /**
     * Rows that sort after {@code position} in {@code order}: {@code p1 > v1 OR (p1 = v1 AND (p2 > v2 OR …))},
     * preceded by the redundant {@code p1 >= v1}. Databases use that plain bound as the start of a range
     * scan of the listing index (the index continues with the ordering columns after the pinned filter
     * columns), where the nested OR alone would make them read every earlier row and filter it.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<Predicate> after(CriteriaBuilder cb, Root<?> root, List<String> order, List<Object> position) {
        if (position.size() != order.size()) {
            throw new IllegalArgumentException("A keyset start needs one value per ordering property " + order
                    + ", got " + position.size());
        }
        int last = order.size() - 1;
        Predicate rest = cb.greaterThan((Expression) root.get(order.get(last)), (Comparable) position.get(last));
        for (int i = last - 1; i >= 0; i--) {
            Expression property = root.get(order.get(i));
            Comparable value = (Comparable) position.get(i);
            rest = cb.or(cb.greaterThan(property, value), cb.and(cb.equal(property, value), rest));
        }
        Expression first = root.get(order.get(0));
        return List.of(cb.greaterThanOrEqualTo(first, (Comparable) position.get(0)), rest);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<Predicate> bounds(CriteriaBuilder cb, Root<?> root, RecordQuery query) {
        var predicates = new ArrayList<Predicate>();
        query.atMost().forEach((property, bound) -> predicates.add(
                cb.lessThanOrEqualTo((Expression) root.get(property), (Comparable) bound)));
        query.atLeast().forEach((property, bound) -> predicates.add(
                cb.greaterThanOrEqualTo((Expression) root.get(property), (Comparable) bound)));
        return predicates;
    }

    /*
     * The statements of the ledger's hot paths are JPQL built from the model and the filtered properties (names
     * from our code; values always parameters): Hibernate translates a query string once and reuses its plan,
     * where a criteria query is translated again at every call.
     */

    private String entity(Class<? extends MediaRecord> model) {
        return em.getMetamodel().entity(model).getName();
    }

    /**
     * {@code " where e.a = :p_a and e.b = :p_b"}, the properties sorted (one string, one plan, per set of them);
     * a filter without a value filters nothing, as in {@link RecordQuery}.
     */
    private static String where(Map<String, Object> filters) {
        var where = new StringBuilder();
        for (String property : new TreeSet<>(filters.keySet())) {
            if (filters.get(property) != null) {
                where.append(where.length() == 0 ? " where " : " and ")
                        .append("e.").append(property).append(" = :p_").append(property);
            }
        }
        return where.toString();
    }

    private static <Q extends Query> Q bound(Q query, Map<String, Object> filters) {
        filters.forEach((property, value) -> {
            if (value != null) {
                query.setParameter("p_" + property, value);
            }
        });
        return query;
    }

    private static Predicate[] filters(CriteriaBuilder cb, Root<?> root, Map<String, Object> filters) {
        var predicates = new ArrayList<Predicate>();
        filters.forEach((property, value) -> predicates.add(cb.equal(root.get(property), value)));
        return predicates.toArray(Predicate[]::new);
    }
}
