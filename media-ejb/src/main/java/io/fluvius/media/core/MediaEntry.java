package io.fluvius.media.core;

import java.io.Serial;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Cacheable;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;

import io.fluvius.media.core.compress.CompressionMethod;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.records.MediaRecord;

/**
 * One stored file: what the caller gave (filename, resource, metadata), what the bytes are (hash, MIME
 * type, length) and where they lie (filesystem, storage key, compression). Immutable once built; the
 * JPA mapping is field-based, so the annotations cost the plain-Java core nothing.
 */
@Entity
@Cacheable
@Table(name = "media_entry", indexes = {
        @Index(name = "ix_media_entry_resource", columnList = "resource, resource_id, created, id"),
        @Index(name = "ix_media_entry_blob", columnList = "blob_id"),
        @Index(name = "ix_media_entry_fs_hash", columnList = "fs_key, filehash"),
        @Index(name = "ix_media_entry_fs_path", columnList = "fs_key, fs_path"),
        @Index(name = "ix_media_entry_fs_created", columnList = "fs_key, created, id"),
        @Index(name = "ix_media_entry_created", columnList = "created, id")})
public class MediaEntry implements MediaRecord {

    private static final long serialVersionUID = 1L;

    @Id
    private UUID id;
    @Column(nullable = false, length = 1024)
    private String filename;
    @Column(nullable = false, length = 64)
    private String filehash;
    @Column(nullable = false)
    private String filemime;
    @Column(name = "content_length", nullable = false)
    private long length;
    @Column(name = "fs_key", nullable = false, length = 64)
    private String fsKey;
    @Column(name = "fs_path", nullable = false, length = 512)
    private String fsPath;
    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private CompressionMethod compress;
    @Column(name = "stored_length", nullable = false)
    private long storedLength;
    @Column(name = "crc32c")
    private Long crc32c;
    /** The ledger's blob holding the bytes (fsKey, fsPath, compression and lengths repeat its own). */
    @Column(name = "blob_id", nullable = false)
    private UUID blobId;
    @Column(length = 255)
    private String resource;
    @Column(name = "resource_id", length = 255)
    private String resourceId;
    @Column(name = "source_id")
    private UUID sourceId;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "media_entry_metadata", joinColumns = @JoinColumn(name = "entry_id"))
    @MapKeyColumn(name = "meta_key", length = 255)
    @Column(name = "meta_value", length = 4000)
    private Map<String, String> metadata = new LinkedHashMap<>();
    @Column(nullable = false)
    private Instant created;
    private Instant updated;

    /** For JPA only. */
    protected MediaEntry() {
    }

    private MediaEntry(Builder b) {
        id = Objects.requireNonNull(b.id, "id");
        filename = requireText(b.filename, "filename");
        filehash = requireText(b.filehash, "filehash");
        filemime = requireText(b.filemime, "filemime");
        fsKey = requireText(b.fsKey, "fsKey");
        fsPath = requireText(b.fsPath, "fsPath");
        blobId = Objects.requireNonNull(b.blobId, "blobId");
        if (b.length < 0 || b.storedLength < 0) {
            throw new IllegalArgumentException("lengths must not be negative");
        }
        length = b.length;
        storedLength = b.storedLength;
        crc32c = b.crc32c;
        compress = b.compress;
        resource = b.resource;
        resourceId = b.resourceId;
        sourceId = b.sourceId;
        metadata = b.metadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(b.metadata);
        created = Objects.requireNonNull(b.created, "created");
        updated = b.updated;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this entry's values, to derive a new entry (a copy, an update). */
    public Builder toBuilder() {
        return new Builder().id(id).filename(filename).filehash(filehash).filemime(filemime).length(length)
                .fsKey(fsKey).fsPath(fsPath).compress(compress).storedLength(storedLength).crc32c(crc32c).blobId(blobId).resource(resource)
                .resourceId(resourceId).sourceId(sourceId).metadata(metadata).created(created).updated(updated);
    }

    public UUID getId() {
        return id;
    }

    public String getFilename() {
        return filename;
    }

    /** SHA-256 of the original bytes, lowercase hex. */
    public String getFilehash() {
        return filehash;
    }

    public String getFilemime() {
        return filemime;
    }

    /** Length of the original bytes. */
    public long getLength() {
        return length;
    }

    public String getFsKey() {
        return fsKey;
    }

    /** Storage key of the bytes on the filesystem; derived from the content, never from the filename. */
    public String getFsPath() {
        return fsPath;
    }

    /** How the stored bytes are compressed, or {@code null}. */
    public CompressionMethod getCompress() {
        return compress;
    }

    /** Length of the stored (possibly compressed) bytes. */
    public long getStoredLength() {
        return storedLength;
    }

    /**
     * CRC32C of the original bytes, which every whole read checks: as sure as re-hashing SHA-256 to
     * catch a corrupt blob, at a fraction of the cost. {@code null} for entries stored before it was
     * recorded; their reads check the SHA-256. Not part of the JSON form (not a bean property).
     */
    public Long crc32c() {
        return crc32c;
    }

    /** The ledger's blob that holds this entry's bytes. Not part of the JSON form (not a bean property). */
    public UUID blobId() {
        return blobId;
    }

    public String getResource() {
        return resource;
    }

    public String getResourceId() {
        return resourceId;
    }

    /** The entry this one was copied from, or {@code null}. */
    public UUID getSourceId() {
        return sourceId;
    }

    public Map<String, String> getMetadata() {
        return Map.copyOf(metadata);
    }

    public Instant getCreated() {
        return created;
    }

    public Instant getUpdated() {
        return updated;
    }

    /**
     * Serialised (the remote view's results), an entry travels as a copy with a plain metadata map: a fetched
     * entry's is the persistence provider's own collection, a class that a client outside the server lacks.
     */
    @Serial
    private Object writeReplace() {
        return metadata.getClass() == LinkedHashMap.class ? this : toBuilder().build();
    }

    @Override
    public Object recordId() {
        return id;
    }

    @Override
    public Object property(String name) {
        return switch (name) {
            case "id" -> id;
            case "filename" -> filename;
            case "filehash" -> filehash;
            case "filemime" -> filemime;
            case "fsKey" -> fsKey;
            case "fsPath" -> fsPath;
            case "compress" -> compress;
            case "resource" -> resource;
            case "resourceId" -> resourceId;
            case "sourceId" -> sourceId;
            case "blobId" -> blobId;
            case "created" -> created;
            default -> throw new IllegalArgumentException("MediaEntry has no queryable property '" + name + "'");
        };
    }

    /** Entries are equal when their ids are: an entry is an identity, not a value. */
    @Override
    public boolean equals(Object other) {
        return other instanceof MediaEntry that && Objects.equals(id, that.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }

    @Override
    public String toString() {
        return "MediaEntry[id=" + id + ", fsKey=" + fsKey + ", filehash=" + filehash + ", length=" + length + "]";
    }

    /** Collects the values of a new entry; {@link #build()} validates them. */
    public static final class Builder {
        private UUID id;
        private String filename;
        private String filehash;
        private String filemime;
        private long length;
        private String fsKey;
        private String fsPath;
        private CompressionMethod compress;
        private long storedLength;
        private Long crc32c;
        private UUID blobId;
        private String resource;
        private String resourceId;
        private UUID sourceId;
        private Map<String, String> metadata;
        private Instant created;
        private Instant updated;

        private Builder() {
        }

        public Builder id(UUID value) { id = value; return this; }
        public Builder filename(String value) { filename = value; return this; }
        public Builder filehash(String value) { filehash = value; return this; }
        public Builder filemime(String value) { filemime = value; return this; }
        public Builder length(long value) { length = value; return this; }
        public Builder fsKey(String value) { fsKey = value; return this; }
        public Builder fsPath(String value) { fsPath = value; return this; }
        public Builder compress(CompressionMethod value) { compress = value; return this; }
        public Builder storedLength(long value) { storedLength = value; return this; }
        public Builder crc32c(Long value) { crc32c = value; return this; }
        public Builder blobId(UUID value) { blobId = value; return this; }

        /** Where the bytes lie and what they are: the blob's filesystem, key, content and compression. */
        public Builder blob(MediaBlob blob) {
            return blobId(blob.getId()).fsKey(blob.getFsKey()).fsPath(blob.getStorageKey())
                    .filehash(blob.getContentHash()).length(blob.getContentLength()).crc32c(blob.getCrc32c())
                    .compress(blob.getCompress()).storedLength(blob.getStoredLength());
        }
        public Builder resource(String value) { resource = value; return this; }
        public Builder resourceId(String value) { resourceId = value; return this; }
        public Builder sourceId(UUID value) { sourceId = value; return this; }
        public Builder metadata(Map<String, String> value) { metadata = value; return this; }
        public Builder created(Instant value) { created = value; return this; }
        public Builder updated(Instant value) { updated = value; return this; }

        public MediaEntry build() {
            return new MediaEntry(this);
        }
    }
}
