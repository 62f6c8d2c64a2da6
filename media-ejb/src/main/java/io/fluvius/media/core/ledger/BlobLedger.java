package io.fluvius.media.core.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.UploadExpiredException;
import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.records.MediaRecord;
import io.fluvius.media.core.records.RecordQuery;

/**
 * The blob ledger: every change to which bytes exist and who references them, each one short
 * transaction of the {@link MediaManager}, under row locks that hold for every server sharing the
 * database (DESIGN.md "Data safety"). No method here moves a byte; the pipelines stream before and delete
 * after, outside any transaction.
 * <p>
 * Lock order, the same everywhere so that no two transactions wait for each other: an intent, then a
 * content's slot ({@link MediaManager#lockContent}), then an entry, then a blob.
 */
public final class BlobLedger {

    private final MediaManager manager;
    private final Clock clock;
    private final Duration lease;
    private final ContentLocks contentLocks;

    /**
     * @param lease        how long an upload's intent lives without renewal (renewed while bytes flow)
     * @param contentLocks an optimisation that may be {@link ContentLocks#disabled()}
     */
    public BlobLedger(MediaManager manager, Clock clock, Duration lease, ContentLocks contentLocks) {
        this.manager = manager;
        this.clock = clock;
        this.lease = lease;
        this.contentLocks = contentLocks;
    }

    public Duration lease() {
        return lease;
    }

    /** A new entry referencing {@code blob}, and whether the bytes it was about to store were already there. */
    public record Publication(MediaEntry entry, boolean reusedExisting) {
    }

    /** A committed promise not to collect {@code blob} while a put that declared its digest reads its source. */
    public record Pin(StorageIntent intent, MediaBlob blob) {
    }

    // ---- writes ----

    /**
     * Before the first byte goes to {@code storageKey}: an intent with a lease, committed in a transaction
     * of its own whatever the caller has open, so that a server killed mid-write leaves a record of the key.
     */
    public StorageIntent beginWrite(String fsKey, String storageKey) {
        Instant now = now();
        return manager.inNewTransaction(() -> manager.insertNew(StorageIntent.write(fsKey, storageKey, now, now.plus(lease))));
    }

    /**
     * Intents for several keys at once, committed together in a transaction of their own: writes taken
     * ahead of the puts that will use them (each key is used by one write at most). One that is never used
     * is collected like the intent of a write that died before its first byte.
     */
    public List<StorageIntent> beginWrites(String fsKey, List<String> storageKeys) {
        Instant now = now();
        return manager.inNewTransaction(() -> manager.insertAllNew(storageKeys.stream()
                .map(key -> StorageIntent.write(fsKey, key, now, now.plus(lease)))
                .toList()));
    }

    /** Drops, in one transaction, write intents taken ahead that no write has used (their keys hold nothing). */
    public void forgetUnused(List<StorageIntent> writes) {
        manager.inNewTransaction(() -> writes.stream()
                .mapToLong(write -> manager.removeMatching(StorageIntent.class,
                        Map.of("id", write.getId(), "kind", StorageIntent.Kind.WRITE)))
                .sum());
    }

    /** Extends the lease of a write or a pin; {@code false} when garbage collection has taken it back already. */
    public boolean renew(StorageIntent intent) {
        Instant until = now().plus(lease);
        return manager.inNewTransaction(() -> manager.lock(StorageIntent.class, intent.getId())
                .filter(current -> current.getKind() == intent.getKind())
                .map(current -> manager.insert(current.renewedUntil(until)) != null)
                .orElse(false));
    }

    /**
     * Records the bytes a write made durable at its intent's key, and the entry referencing them, in one
     * transaction (the caller's when one is open). With {@code dedup}, when the canonical blob of the same
     * content exists (stored before, or by a concurrent put that committed first), the entry references
     * that one instead and the fresh bytes are garbage: {@link Publication#reusedExisting()} says so, and
     * the caller deletes them and {@link #forget}s the intent.
     *
     * @throws UploadExpiredException when garbage collection took the intent back meanwhile
     */
    public Publication publish(StorageIntent write, StoredContent content, boolean dedup,
                               Function<MediaBlob, MediaEntry> entry) {
        String dedupKey = dedup ? DedupKey.of(write.getFsKey(), content.sha256(), content.compression()) : null;
        MediaBlob fresh = MediaBlob.stored(UUID.randomUUID(), write.getFsKey(), write.getStorageKey(), content,
                dedupKey, now());
        Supplier<Publication> work = () -> {
            MediaEntry created = entry.apply(fresh);
            switch (manager.publishFresh(write, fresh, created)) {
                case RECORDED:
                    return new Publication(created, false);
                case INTENT_GONE:
                    throw UploadExpiredException.after(write.getFsKey(), lease);
                default:
                    return manager.inTransaction(() -> publishLocked(requireLive(write), fresh, entry));
            }
        };
        return dedupKey == null ? work.get() : contentLocks.withLock(dedupKey, work);
    }

    /** The general path of {@link #publish}, in its transaction, with the write's intent locked. */
    private Publication publishLocked(StorageIntent intent, MediaBlob fresh, Function<MediaBlob, MediaEntry> entry) {
        String dedupKey = fresh.getDedupKey();
        if (dedupKey != null) {
            manager.lockContent(dedupKey);
            Optional<MediaBlob> canonical = canonical(dedupKey);
            if (canonical.isPresent()) {
                MediaBlob referenced = manager.insert(canonical.get().referenced());
                return new Publication(manager.insertNew(entry.apply(referenced)), true);
            }
        }
        MediaBlob blob = manager.insertNew(fresh);
        removeLive(intent); // the blob owns the bytes now
        return new Publication(manager.insertNew(entry.apply(blob)), false);
    }

    /**
     * Pins the canonical blob of a content, when there is one, in a committed transaction of its own: the
     * put that declared the content's digest then reads its source to check it, and meanwhile the blob
     * cannot be collected, however short the grace period.
     */
    public Optional<Pin> pin(String dedupKey) {
        if (!manager.hasCanonicalBlob(dedupKey)) {
            // New content, the common case: no transaction. One that stores it meanwhile is met at publish.
            return Optional.empty();
        }
        Instant now = now();
        return contentLocks.withLock(dedupKey, () -> manager.inNewTransaction(() -> {
            manager.lockContent(dedupKey);
            return canonical(dedupKey).map(blob -> new Pin(
                    manager.insertNew(StorageIntent.pin(blob, now, now.plus(lease))), blob));
        }));
    }

    /**
     * A new entry referencing a pinned blob, and the pin gone, in one transaction (the caller's when one
     * is open).
     *
     * @throws UploadExpiredException when garbage collection took the pin back meanwhile
     */
    public MediaEntry publishPinned(Pin pin, Function<MediaBlob, MediaEntry> entry) {
        return manager.inTransaction(() -> {
            StorageIntent intent = requireLive(pin.intent());
            MediaBlob blob = manager.lock(MediaBlob.class, pin.blob().getId()).orElseThrow(() ->
                    new MediaIntegrityException("The pinned blob " + pin.blob().getId() + " is gone from the ledger"));
            removeLive(intent);
            return manager.insertNew(entry.apply(manager.insert(blob.referenced())));
        });
    }

    /**
     * A new entry sharing the blob of {@code sourceEntryId} (a copy within one filesystem moves no bytes).
     *
     * @throws MediaNotFoundException when the source entry is gone
     */
    public MediaEntry addReference(UUID sourceEntryId, Function<MediaBlob, MediaEntry> copy) {
        return manager.inTransaction(() -> {
            MediaEntry source = manager.lock(MediaEntry.class, sourceEntryId)
                    .orElseThrow(() -> MediaNotFoundException.entry(sourceEntryId));
            MediaBlob blob = lockBlobOf(source);
            return manager.insertNew(copy.apply(manager.insert(blob.referenced())));
        });
    }

    /**
     * Removes the entry and its reference to its blob in one transaction (the caller's when one is open).
     * Never deletes bytes: a blob left without references is collected after the grace period, and only
     * once this transaction has committed.
     *
     * @return the entry removed; empty when it was already gone
     */
    public Optional<MediaEntry> release(UUID entryId) {
        return manager.inTransaction(() -> {
            Optional<MediaEntry> entry = manager.lock(MediaEntry.class, entryId);
            if (entry.isEmpty()) {
                return entry;
            }
            MediaBlob blob = lockBlobOf(entry.get());
            manager.remove(entry.get());
            manager.insert(blob.released(now()));
            return entry;
        });
    }

    /**
     * Gives up a write whose bytes will not be recorded (the put failed, or identical content was already
     * stored): when the intent is still this write's, it becomes a discard, returned for the caller to
     * delete the bytes by. Empty when a committed publication owns the bytes, or garbage collection
     * claimed them: then the bytes are not the caller's to touch.
     */
    public Optional<StorageIntent> abandon(StorageIntent write) {
        Instant now = now();
        return manager.inNewTransaction(() -> manager.lock(StorageIntent.class, write.getId())
                .filter(current -> current.getKind() == StorageIntent.Kind.WRITE)
                .map(current -> manager.insert(current.toDiscard(now))));
    }

    /** Drops an intent whose bytes are gone (deleted, or never written), or a pin no longer needed. */
    public void forget(StorageIntent intent) {
        manager.inNewTransaction(() -> manager.lock(StorageIntent.class, intent.getId()).map(manager::remove));
    }

    // ---- moves: an entry switched to other bytes of the same content ----

    /**
     * What a move recorded: the entry as it is now (empty when it was deleted, or moved elsewhere, meanwhile),
     * and whether the bytes the move wrote ended up unused (then the caller deletes them, under the write's
     * intent, which this left).
     */
    public record Switch(Optional<MediaEntry> entry, boolean bytesUnused) {
    }

    /**
     * Switches an entry that still references {@code fromBlobId} to the bytes a write made durable, and
     * releases its reference to the old blob, in one transaction (the caller's when one is open). With
     * {@code dedup}, when the canonical blob of the content exists at the write's filesystem and compression,
     * the entry references that one instead and the written bytes are unused. The old blob, once no entry
     * references it, is garbage collection's.
     *
     * @throws UploadExpiredException when garbage collection took the intent back meanwhile
     */
    public Switch switchWritten(StorageIntent write, StoredContent content, boolean dedup, UUID entryId,
                                UUID fromBlobId) {
        String dedupKey = dedup ? DedupKey.of(write.getFsKey(), content.sha256(), content.compression()) : null;
        Supplier<Switch> work = () -> manager.inTransaction(() -> {
            StorageIntent intent = requireLive(write);
            if (dedupKey != null) {
                manager.lockContent(dedupKey);
            }
            Optional<MediaEntry> entry = lockEntryOn(entryId, fromBlobId);
            if (entry.isEmpty()) {
                return new Switch(Optional.empty(), true);
            }
            MediaBlob from = lockBlobOf(entry.get());
            Optional<MediaBlob> canonical = dedupKey == null ? Optional.empty() : canonical(dedupKey);
            if (canonical.isPresent()) {
                return new Switch(Optional.of(repointLocked(entry.get(), from, canonical.get())), true);
            }
            MediaBlob blob = manager.insertNew(MediaBlob.stored(UUID.randomUUID(), intent.getFsKey(),
                    intent.getStorageKey(), content, dedupKey, now()));
            removeLive(intent); // the blob owns the bytes now
            manager.insert(from.released(now()));
            return new Switch(Optional.of(manager.insert(entry.get().toBuilder().blob(blob).updated(now()).build())),
                    false);
        });
        return dedupKey == null ? work.get() : contentLocks.withLock(dedupKey, work);
    }

    /**
     * Switches an entry that still references {@code fromBlobId} to a pinned blob, releases its reference to
     * the old one and drops the pin, in one transaction (the caller's when one is open).
     *
     * @throws UploadExpiredException when garbage collection took the pin back meanwhile
     */
    public Optional<MediaEntry> switchPinned(Pin pin, UUID entryId, UUID fromBlobId) {
        return manager.inTransaction(() -> {
            StorageIntent intent = requireLive(pin.intent());
            manager.lockContent(pin.blob().getDedupKey());
            removeLive(intent);
            Optional<MediaEntry> entry = lockEntryOn(entryId, fromBlobId);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            MediaBlob from = lockBlobOf(entry.get());
            MediaBlob to = manager.lock(MediaBlob.class, pin.blob().getId()).orElseThrow(() ->
                    new MediaIntegrityException("The pinned blob " + pin.blob().getId() + " is gone from the ledger"));
            return Optional.of(repointLocked(entry.get(), from, to));
        });
    }

    /**
     * Makes {@code blobId} the canonical blob of its content ({@code dedupKey}), unless the content has one
     * already, in one transaction (the caller's when one is open).
     *
     * @return the content's canonical blob; empty when {@code blobId} is gone or has no reference left (it is
     *         garbage collection's then)
     */
    public Optional<MediaBlob> makeCanonical(UUID blobId, String dedupKey) {
        return contentLocks.withLock(dedupKey, () -> manager.inTransaction(() -> {
            manager.lockContent(dedupKey);
            Optional<MediaBlob> current = canonical(dedupKey);
            if (current.isPresent()) {
                return current;
            }
            return manager.lock(MediaBlob.class, blobId).filter(blob -> blob.getRefCount() > 0)
                    .map(blob -> manager.insert(blob.canonicalAs(dedupKey)));
        }));
    }

    /**
     * Re-points an entry that still references {@code fromBlobId} at {@code toBlobId}, a blob of the same
     * content, in one transaction (the caller's when one is open): no byte moves.
     *
     * @return the entry re-pointed; empty when it was deleted or moved meanwhile, or the target blob is gone
     */
    public Optional<MediaEntry> repoint(UUID entryId, UUID fromBlobId, UUID toBlobId, String dedupKey) {
        return contentLocks.withLock(dedupKey, () -> manager.inTransaction(() -> {
            manager.lockContent(dedupKey);
            Optional<MediaEntry> entry = lockEntryOn(entryId, fromBlobId);
            if (entry.isEmpty()) {
                return Optional.<MediaEntry>empty();
            }
            MediaBlob from = lockBlobOf(entry.get());
            return manager.lock(MediaBlob.class, toBlobId)
                    .filter(to -> to.getContentHash().equals(from.getContentHash()))
                    .map(to -> repointLocked(entry.get(), from, to));
        }));
    }

    /** The entry, locked, when it still references {@code blobId}. */
    private Optional<MediaEntry> lockEntryOn(UUID entryId, UUID blobId) {
        return manager.lock(MediaEntry.class, entryId).filter(entry -> blobId.equals(entry.blobId()));
    }

    /** Moves a locked entry's reference from one locked blob to another. */
    private MediaEntry repointLocked(MediaEntry entry, MediaBlob from, MediaBlob to) {
        if (from.getId().equals(to.getId())) {
            return entry;
        }
        manager.insert(from.released(now()));
        MediaBlob referenced = manager.insert(to.referenced());
        return manager.insert(entry.toBuilder().blob(referenced).updated(now()).build());
    }

    // ---- reads ----

    /** The blob an entry references. @throws MediaIntegrityException when the ledger has no such blob */
    public MediaBlob blobOf(MediaEntry entry) {
        return manager.fetch(MediaBlob.class, entry.blobId()).orElseThrow(() -> missingBlob(entry));
    }

    /** The entry as the ledger holds it now; empty when it was deleted. */
    public Optional<MediaEntry> current(MediaEntry entry) {
        return manager.fetch(MediaEntry.class, entry.getId());
    }

    /** Whether the entry still exists: a read that finds its bytes gone asks, to tell "deleted meanwhile" from loss. */
    public boolean holds(MediaEntry entry) {
        return manager.fetch(MediaEntry.class, entry.getId()).isPresent();
    }

    // ---- garbage collection ----

    /** Blobs without references since {@code cutoff} or before, by id, after {@code after} (null: from the start). */
    List<MediaBlob> unreferencedSince(Instant cutoff, UUID after, int limit) {
        return page(MediaBlob.class, "unreferencedAt", cutoff, after, limit);
    }

    /** Intents whose lease has run out by {@code now}, by id, after {@code after}. */
    List<StorageIntent> leasedUntil(Instant now, UUID after, int limit) {
        return page(StorageIntent.class, "leaseUntil", now, after, limit);
    }

    private <R extends MediaRecord> List<R> page(Class<R> model, String instant, Instant bound, UUID after, int limit) {
        RecordQuery query = new RecordQuery(Map.of(), limit, 0).atMost(instant, bound);
        return manager.query(model, after == null ? query : query.after(List.of(after)));
    }

    /**
     * Takes a blob out of the ledger when it is still collectable (no reference since {@code cutoff} or
     * before, no pin) and records its bytes as to be discarded, in one committed transaction. The caller
     * deletes the bytes after this returns, then {@link #forget}s the intent.
     */
    Optional<StorageIntent> retire(UUID blobId, Instant cutoff) {
        return manager.inNewTransaction(() -> {
            Optional<MediaBlob> blob = manager.lock(MediaBlob.class, blobId);
            if (blob.isEmpty() || blob.get().getRefCount() != 0 || blob.get().getUnreferencedAt() == null
                    || blob.get().getUnreferencedAt().isAfter(cutoff)
                    || manager.count(StorageIntent.class, RecordQuery.where(Map.of("blobId", blobId))) > 0
                    || manager.count(MediaEntry.class, RecordQuery.where(Map.of("blobId", blobId))) > 0) {
                return Optional.empty();
            }
            manager.remove(blob.get());
            return Optional.of(manager.insertNew(StorageIntent.discard(blob.get().getFsKey(), blob.get().getStorageKey(), now())));
        });
    }

    /**
     * Claims an intent garbage collection may act on (a discard, or a lease that ran out by {@code cutoff})
     * in one committed transaction: an expired pin is simply dropped (and returned, as it was); the bytes of
     * a write that never made it into the ledger become a discard the caller deletes, unless a blob owns
     * that key after all.
     *
     * @return the dropped pin, or the discard whose bytes to delete; empty when there is nothing to do
     */
    Optional<StorageIntent> claim(UUID intentId, Instant cutoff) {
        return manager.inNewTransaction(() -> {
            Optional<StorageIntent> intent = manager.lock(StorageIntent.class, intentId);
            if (intent.isEmpty() || (intent.get().getKind() != StorageIntent.Kind.DISCARD
                    && intent.get().getLeaseUntil().isAfter(cutoff))) {
                return Optional.empty();
            }
            StorageIntent claimed = intent.get();
            boolean owned = claimed.getStorageKey() != null && manager.count(MediaBlob.class, RecordQuery.where(
                    Map.of("fsKey", claimed.getFsKey(), "storageKey", claimed.getStorageKey()))) > 0;
            if (claimed.getKind() == StorageIntent.Kind.PIN || owned) {
                manager.remove(claimed);
                return owned ? Optional.<StorageIntent>empty() : Optional.of(claimed);
            }
            return Optional.of(claimed.getKind() == StorageIntent.Kind.DISCARD
                    ? claimed : manager.insert(claimed.toDiscard(now())));
        });
    }

    // ----

    private Optional<MediaBlob> canonical(String dedupKey) {
        return manager.lockFirst(MediaBlob.class, RecordQuery.where(Map.of("dedupKey", dedupKey)));
    }

    /**
     * Locks the intent while it is still of its kind (garbage collection turns an expired write into a discard,
     * or removes it), without reading it: its filesystem, key and blob never change.
     */
    private StorageIntent requireLive(StorageIntent intent) {
        if (!manager.lockMatching(StorageIntent.class, Map.of("id", intent.getId(), "kind", intent.getKind()))) {
            throw UploadExpiredException.after(intent.getFsKey(), lease);
        }
        return intent;
    }

    /** Removes an intent {@link #requireLive} locked. */
    private void removeLive(StorageIntent intent) {
        manager.removeMatching(StorageIntent.class, Map.of("id", intent.getId()));
    }

    private MediaBlob lockBlobOf(MediaEntry entry) {
        return manager.lock(MediaBlob.class, entry.blobId()).orElseThrow(() -> missingBlob(entry));
    }

    private static MediaIntegrityException missingBlob(MediaEntry entry) {
        return new MediaIntegrityException("Entry " + entry.getId() + " references blob " + entry.blobId()
                + ", which the ledger does not hold");
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
