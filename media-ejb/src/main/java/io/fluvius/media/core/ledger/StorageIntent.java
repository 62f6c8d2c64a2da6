package io.fluvius.media.core.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import io.fluvius.media.core.records.MediaRecord;

/**
 * Work on storage that the ledger does not own yet, committed before that work starts, so that nothing
 * a killed server was doing escapes garbage collection:
 * <ul>
 * <li>{@link Kind#WRITE}: bytes are being written to a fresh key. Removed by the transaction that records
 *     them as a blob; a write that never gets there leaves the intent, whose lease runs out.</li>
 * <li>{@link Kind#PIN}: a put is about to reference an existing blob without writing bytes (it declared
 *     their digest): the blob is not collected while the pin lives.</li>
 * <li>{@link Kind#DISCARD}: bytes that no blob owns and that are to be deleted (identical content was
 *     already stored, or garbage collection retired their blob).</li>
 * </ul>
 * A lease that the working thread renews while bytes flow keeps a slow upload from being collected
 * however short the grace period; once it runs out, garbage collection deletes the bytes at the key
 * (unless a blob owns them) and the intent.
 */
@Entity
@Table(name = "media_intent", indexes = {
        @Index(name = "ix_media_intent_lease", columnList = "lease_until, id"),
        @Index(name = "ix_media_intent_blob", columnList = "blob_id")})
public class StorageIntent implements MediaRecord {

    private static final long serialVersionUID = 1L;

    /** What the intent is for. */
    public enum Kind { WRITE, PIN, DISCARD }

    @Id
    private UUID id;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Kind kind;
    @Column(name = "fs_key", nullable = false, length = 64)
    private String fsKey;
    /** The key whose bytes this is about; {@code null} for a pin. */
    @Column(name = "storage_key", length = 512)
    private String storageKey;
    /** The pinned blob; {@code null} unless a pin. */
    @Column(name = "blob_id")
    private UUID blobId;
    @Column(name = "lease_until", nullable = false)
    private Instant leaseUntil;
    @Column(nullable = false)
    private Instant created;

    /** For JPA only. */
    protected StorageIntent() {
    }

    private StorageIntent(Kind kind, String fsKey, String storageKey, UUID blobId, Instant leaseUntil, Instant created) {
        this.id = UUID.randomUUID();
        this.kind = kind;
        this.fsKey = Objects.requireNonNull(fsKey, "fsKey");
        this.storageKey = storageKey;
        this.blobId = blobId;
        this.leaseUntil = Objects.requireNonNull(leaseUntil, "leaseUntil");
        this.created = Objects.requireNonNull(created, "created");
    }

    static StorageIntent write(String fsKey, String storageKey, Instant now, Instant leaseUntil) {
        return new StorageIntent(Kind.WRITE, fsKey, Objects.requireNonNull(storageKey, "storageKey"), null,
                leaseUntil, now);
    }

    static StorageIntent pin(MediaBlob blob, Instant now, Instant leaseUntil) {
        return new StorageIntent(Kind.PIN, blob.getFsKey(), null, blob.getId(), leaseUntil, now);
    }

    static StorageIntent discard(String fsKey, String storageKey, Instant now) {
        return new StorageIntent(Kind.DISCARD, fsKey, Objects.requireNonNull(storageKey, "storageKey"), null, now, now);
    }

    /** The same intent with its lease extended. */
    StorageIntent renewedUntil(Instant until) {
        var next = new StorageIntent(kind, fsKey, storageKey, blobId, until, created);
        next.id = id;
        return next;
    }

    /** The same key, now bytes to delete. */
    StorageIntent toDiscard(Instant now) {
        var next = new StorageIntent(Kind.DISCARD, fsKey, storageKey, null, now, created);
        next.id = id;
        return next;
    }

    public UUID getId() {
        return id;
    }

    public Kind getKind() {
        return kind;
    }

    public String getFsKey() {
        return fsKey;
    }

    public String getStorageKey() {
        return storageKey;
    }

    public UUID getBlobId() {
        return blobId;
    }

    public Instant getLeaseUntil() {
        return leaseUntil;
    }

    public Instant getCreated() {
        return created;
    }

    @Override
    public Object recordId() {
        return id;
    }

    @Override
    public Object property(String name) {
        return switch (name) {
            case "id" -> id;
            case "kind" -> kind;
            case "fsKey" -> fsKey;
            case "storageKey" -> storageKey;
            case "blobId" -> blobId;
            case "leaseUntil" -> leaseUntil;
            default -> throw new IllegalArgumentException("StorageIntent has no queryable property '" + name + "'");
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StorageIntent that && Objects.equals(id, that.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }

    @Override
    public String toString() {
        return "StorageIntent[" + kind + " " + fsKey + ":" + (storageKey != null ? storageKey : blobId) + " until "
                + leaseUntil + "]";
    }
}
