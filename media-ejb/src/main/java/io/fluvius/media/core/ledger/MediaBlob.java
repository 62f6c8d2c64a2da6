package io.fluvius.media.core.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import io.fluvius.media.core.compress.CompressionMethod;
import io.fluvius.media.core.io.BlockChecksums;
import io.fluvius.media.core.records.MediaRecord;

/**
 * One stored object in the ledger: where its bytes lie (filesystem and storage key), what they are (the
 * original content's SHA-256, CRC32C and length, the compression, the stored length and a CRC32C per
 * block of the stored bytes) and how many entries reference it. The ledger, not the storage key, is the
 * dedup index: the one canonical blob of a content on a filesystem carries its {@link DedupKey}, which the
 * database keeps unique, so any number of servers converge on it.
 * <p>
 * A value: every change is a new instance with the same id ({@link #referenced()}, {@link #released}),
 * stored under the row lock of the transaction that made it.
 */
@Entity
@Cacheable
@Table(name = "media_blob", indexes = {
        @Index(name = "ix_media_blob_unreferenced", columnList = "unreferenced_at, id")})
public class MediaBlob implements MediaRecord {

    private static final long serialVersionUID = 1L;

    @Id
    private UUID id;
    @Column(name = "fs_key", nullable = false, length = 64)
    private String fsKey;
    @Column(name = "storage_key", nullable = false, length = 512)
    private String storageKey;
    @Column(name = "content_hash", nullable = false, length = 64)
    private String contentHash;
    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private CompressionMethod compress;
    @Column(name = "content_length", nullable = false)
    private long contentLength;
    @Column(name = "stored_length", nullable = false)
    private long storedLength;
    @Column(name = "crc32c")
    private Long crc32c;
    /** Bytes per checked block of the stored bytes; 0 for blobs recorded before blocks were checked. */
    @Column(name = "block_size", nullable = false)
    private int blockSize;
    /** CRC32C of each block of the stored bytes, 4 bytes big-endian each; {@code null} with no blocks. */
    @Column(name = "block_crc32c")
    private byte[] blockCrc32c;
    /** Set on the canonical blob of a content only (dedup on); unique. */
    @Column(name = "dedup_key", length = 160)
    private String dedupKey;
    @Column(name = "ref_count", nullable = false)
    private long refCount;
    @Column(nullable = false)
    private Instant created;
    /** When the last reference went; {@code null} while referenced. Garbage collection goes by it. */
    @Column(name = "unreferenced_at")
    private Instant unreferencedAt;

    /** For JPA only. */
    protected MediaBlob() {
    }

    private MediaBlob(MediaBlob other) {
        id = other.id;
        fsKey = other.fsKey;
        storageKey = other.storageKey;
        contentHash = other.contentHash;
        compress = other.compress;
        contentLength = other.contentLength;
        storedLength = other.storedLength;
        crc32c = other.crc32c;
        blockSize = other.blockSize;
        blockCrc32c = other.blockCrc32c;
        dedupKey = other.dedupKey;
        refCount = other.refCount;
        created = other.created;
        unreferencedAt = other.unreferencedAt;
    }

    /**
     * A new blob with one reference: the bytes of {@code content}, stored at {@code storageKey}.
     *
     * @param dedupKey the content's dedup key when this is to be its canonical blob, else {@code null}
     */
    public static MediaBlob stored(UUID id, String fsKey, String storageKey, StoredContent content, String dedupKey,
                                   Instant created) {
        return restored(id, fsKey, storageKey, content.sha256(), content.compression(), content.length(),
                content.storedLength(), content.crc32c(), content.blocks().blockSize(),
                content.blocks().isEmpty() ? null : content.blocks().toBytes(), dedupKey, 1, created, null);
    }

    /** A blob as a store holds it, read without the persistence context: every column's value. */
    public static MediaBlob restored(UUID id, String fsKey, String storageKey, String contentHash,
                                     CompressionMethod compress, long contentLength, long storedLength, Long crc32c,
                                     int blockSize, byte[] blockCrc32c, String dedupKey, long refCount,
                                     Instant created, Instant unreferencedAt) {
        var blob = new MediaBlob();
        blob.id = Objects.requireNonNull(id, "id");
        blob.fsKey = Objects.requireNonNull(fsKey, "fsKey");
        blob.storageKey = Objects.requireNonNull(storageKey, "storageKey");
        blob.contentHash = Objects.requireNonNull(contentHash, "contentHash");
        blob.compress = compress;
        blob.contentLength = contentLength;
        blob.storedLength = storedLength;
        blob.crc32c = crc32c;
        blob.blockSize = blockSize;
        blob.blockCrc32c = blockCrc32c;
        blob.dedupKey = dedupKey;
        blob.refCount = refCount;
        blob.created = Objects.requireNonNull(created, "created");
        blob.unreferencedAt = unreferencedAt;
        return blob;
    }

    /** This blob with one more reference (no longer collectable). */
    public MediaBlob referenced() {
        var next = new MediaBlob(this);
        next.refCount = refCount + 1;
        next.unreferencedAt = null;
        return next;
    }

    /**
     * This blob as the canonical one of its content: it carries {@code dedupKey}, so that puts and copies with
     * dedup on reference it (dedup-sweep promotes a blob stored while dedup was off).
     */
    public MediaBlob canonicalAs(String key) {
        var next = new MediaBlob(this);
        next.dedupKey = Objects.requireNonNull(key, "key");
        return next;
    }

    /** This blob with one reference less; when that was the last, unreferenced since {@code now}. */
    public MediaBlob released(Instant now) {
        if (refCount <= 0) {
            throw new IllegalStateException("Blob " + id + " has no reference to release");
        }
        var next = new MediaBlob(this);
        next.refCount = refCount - 1;
        next.unreferencedAt = next.refCount == 0 ? now : null;
        return next;
    }

    public UUID getId() {
        return id;
    }

    public String getFsKey() {
        return fsKey;
    }

    public String getStorageKey() {
        return storageKey;
    }

    /** SHA-256 of the original bytes. */
    public String getContentHash() {
        return contentHash;
    }

    public CompressionMethod getCompress() {
        return compress;
    }

    public long getContentLength() {
        return contentLength;
    }

    public long getStoredLength() {
        return storedLength;
    }

    /** CRC32C of the original bytes; {@code null} for blobs of entries stored before it was recorded. */
    public Long getCrc32c() {
        return crc32c;
    }

    /** The per-block checksums of the stored bytes; empty for blobs recorded before they existed. */
    /** Bytes per checked block; 0 for blobs recorded before blocks were checked. */
    public int getBlockSize() {
        return blockSize;
    }

    public BlockChecksums blocks() {
        return blockCrc32c == null ? BlockChecksums.none() : BlockChecksums.of(blockSize, blockCrc32c);
    }

    public String getDedupKey() {
        return dedupKey;
    }

    public long getRefCount() {
        return refCount;
    }

    public Instant getCreated() {
        return created;
    }

    public Instant getUnreferencedAt() {
        return unreferencedAt;
    }

    /** What was stored, as a description a copy of these bytes elsewhere shares. */
    public StoredContent content() {
        return new StoredContent(contentHash, contentLength, crc32c, compress, storedLength, blocks());
    }

    @Override
    public Object recordId() {
        return id;
    }

    @Override
    public Object property(String name) {
        return switch (name) {
            case "id" -> id;
            case "fsKey" -> fsKey;
            case "storageKey" -> storageKey;
            case "contentHash" -> contentHash;
            case "compress" -> compress;
            case "dedupKey" -> dedupKey;
            case "refCount" -> refCount;
            case "unreferencedAt" -> unreferencedAt;
            default -> throw new IllegalArgumentException("MediaBlob has no queryable property '" + name + "'");
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MediaBlob that && Objects.equals(id, that.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }

    @Override
    public String toString() {
        return "MediaBlob[id=" + id + ", fsKey=" + fsKey + ", storageKey=" + storageKey + ", refCount=" + refCount
                + (blockCrc32c == null ? "" : ", blocks=" + blockCrc32c.length / 4) + "]";
    }
}
