package io.fluvius.media.core.records;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.StorageIntent;

/**
 * The persistence seam. Two implementations: {@link NullMediaManager} (in memory) and the JPA one in
 * the server, so that no code path asks "is there a manager?".
 * <p>
 * Besides storing records, a manager draws the transaction boundaries the data-safety invariants rest on
 * (DESIGN.md): bytes move with no transaction open ({@link #outsideTransaction}), the ledger changes in
 * short transactions ({@link #inTransaction}, {@link #inNewTransaction}), and row locks taken inside
 * them ({@link #lock}, {@link #lockContent}) serialise what must not interleave, for every server that
 * shares the store.
 */
public interface MediaManager {

    /** Builds a record of that model from named values, in memory only (nothing is stored). */
    default <R extends MediaRecord> R create(Class<R> model, Map<String, ?> data) {
        return Records.create(model, data);
    }

    /** Stores a record; a record with the same identity is replaced. */
    <R extends MediaRecord> R insert(R record);

    /**
     * Stores a record made just now, under an identity no stored record can have (a random UUID): what
     * {@link #insert} does, without first looking for a record to replace (a round trip to the database).
     */
    default <R extends MediaRecord> R insertNew(R record) {
        return insert(record);
    }

    /** {@link #insertNew} for several records, sent together where the store can (one round trip). */
    default <R extends MediaRecord> List<R> insertAllNew(List<R> records) {
        return records.stream().map(this::insertNew).toList();
    }

    <R extends MediaRecord> Optional<R> fetch(Class<R> model, Object id);

    /** An entry and the blob it references, read together. */
    record EntryAndBlob(MediaEntry entry, Optional<MediaBlob> blob) {
    }

    /**
     * The entry and the blob it references (empty when the ledger has no such blob), read together: where the
     * store can, from its cache when both are there, else in one query.
     */
    default Optional<EntryAndBlob> fetchWithBlob(Object entryId) {
        return fetch(MediaEntry.class, entryId)
                .map(entry -> new EntryAndBlob(entry, fetch(MediaBlob.class, entry.blobId())));
    }

    /** Records matching every filter, in the model's order, one page of them. */
    <R extends MediaRecord> List<R> query(Class<R> model, RecordQuery query);

    /** How many records match every filter (the page of the query is ignored). */
    <R extends MediaRecord> long count(Class<R> model, RecordQuery query);

    /**
     * Values of {@code property} that more than one record of the model holds, in ascending order, starting
     * right after {@code after} ({@code null}: from the smallest): how a sweep finds duplicates a page at a
     * time, through an index on the property, however many records there are.
     */
    <R extends MediaRecord> List<Object> repeatedValues(Class<R> model, String property, Comparable<?> after, int limit);

    /** @return {@code true} when the record existed */
    boolean remove(MediaRecord record);

    /**
     * Runs {@code work} in a transaction: the caller's, when one is open, else a new one that commits when
     * {@code work} returns and rolls back when it throws.
     */
    <T> T inTransaction(Supplier<T> work);

    /** Runs {@code work} in a transaction of its own, committed when this returns, whatever the caller has open. */
    <T> T inNewTransaction(Supplier<T> work);

    /** Runs {@code work} with no transaction open (a caller's is suspended meanwhile and resumed after). */
    <T> T outsideTransaction(Supplier<T> work);

    /**
     * The record, locked against every other transaction's changes and locks until this transaction
     * ends; empty when it does not exist (or no longer does, once a transaction holding it removed it).
     * Must be called inside a transaction. Waiting for the lock is bounded by the store's lock timeout.
     */
    <R extends MediaRecord> Optional<R> lock(Class<R> model, Object id);

    /** The first record matching the query's filters, locked as {@link #lock} locks. */
    <R extends MediaRecord> Optional<R> lockFirst(Class<R> model, RecordQuery query);

    /**
     * Serialises, until this transaction ends, every transaction of any server on this store that decides
     * on the blob of one content ({@code dedupKey}): locks something that always exists, where the blob row
     * may not exist yet. Must be called inside a transaction.
     */
    void lockContent(String dedupKey);

    /**
     * Locks the records of that model that match every filter, without reading them (one statement where the
     * store can), until the transaction ends: whether a record still holds what its caller knows of it.
     *
     * @return {@code true} when one matched
     */
    default <R extends MediaRecord> boolean lockMatching(Class<R> model, Map<String, Object> filters) {
        return lockFirst(model, RecordQuery.where(filters)).isPresent();
    }

    /**
     * Removes the records of that model that match every filter (one statement where the store can). For
     * records this transaction has locked with {@link #lockMatching} or not touched at all: a copy read before
     * is not told.
     *
     * @return how many were removed
     */
    default <R extends MediaRecord> long removeMatching(Class<R> model, Map<String, Object> filters) {
        return query(model, RecordQuery.where(filters)).stream().filter(this::remove).count();
    }

    /**
     * Whether a content ({@code dedupKey}) has a canonical blob, as committed now: a look-up without a lock,
     * which a caller confirms under the content's lock before it relies on the answer.
     */
    default boolean hasCanonicalBlob(String dedupKey) {
        return count(MediaBlob.class, RecordQuery.where(Map.of("dedupKey", dedupKey))) > 0;
    }

    /** What {@link #publishFresh} did. */
    enum FreshPublication {
        /** The blob and the entry are recorded and the intent is gone. */
        RECORDED,
        /** Nothing changed: the content has a canonical blob already. */
        CANONICAL_EXISTS,
        /** Nothing changed: the write's intent is no longer a live write (garbage collection took it back). */
        INTENT_GONE,
        /** Nothing changed: this store has no such statement; the caller takes the general path. */
        NOT_SUPPORTED
    }

    /**
     * The ledger's publication of new content in one statement, where the store has one: with the write's
     * intent still live and (when the blob has a dedup key) under the content's lock, no canonical blob of the
     * content existing, inserts {@code blob} and {@code entry} (which references it) and removes the intent.
     * Joins the current transaction; with none open, the statement commits on its own. Anything but
     * {@link FreshPublication#RECORDED} changed nothing.
     */
    default FreshPublication publishFresh(StorageIntent write, MediaBlob blob, MediaEntry entry) {
        return FreshPublication.NOT_SUPPORTED;
    }
}
