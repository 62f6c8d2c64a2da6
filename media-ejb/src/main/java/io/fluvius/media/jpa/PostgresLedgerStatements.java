package io.fluvius.media.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.PersistenceException;
import javax.sql.DataSource;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.compress.CompressionMethod;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.StorageIntent;
import io.fluvius.media.core.records.MediaManager.EntryAndBlob;
import io.fluvius.media.core.records.MediaManager.FreshPublication;

/**
 * The ledger's statements that PostgreSQL runs as functions ({@code db/postgresql}), called over the
 * datasource's own connection: the container's, so a call joins the caller's transaction when one is open
 * and otherwise commits on its own, in the same round trip. Nothing here goes through the persistence
 * context: rows inserted here reach the second-level cache when they are first read.
 */
public final class PostgresLedgerStatements {

    /** SQLSTATE of media_publish_fresh when the write's intent is no longer live. */
    static final String INTENT_GONE = "FM001";
    private static final String PUBLISH_FRESH = "SELECT media_publish_fresh(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String HAS_CANONICAL = "SELECT 1 FROM media_blob WHERE dedup_key = ?";

    /** An entry, its blob (columns null when the ledger lacks it) and its metadata, one row per metadata pair. */
    private static final String ENTRY_WITH_BLOB = "SELECT e.id, e.filename, e.filehash, e.filemime, e.content_length,"
            + " e.fs_key, e.fs_path, e.compress, e.stored_length, e.crc32c, e.blob_id, e.resource, e.resource_id,"
            + " e.source_id, e.created, e.updated,"
            + " b.id, b.fs_key, b.storage_key, b.content_hash, b.compress, b.content_length, b.stored_length, b.crc32c,"
            + " b.block_size, b.block_crc32c, b.dedup_key, b.ref_count, b.created, b.unreferenced_at,"
            + " m.meta_key, m.meta_value"
            + " FROM media_entry e LEFT JOIN media_blob b ON b.id = e.blob_id"
            + " LEFT JOIN media_entry_metadata m ON m.entry_id = e.id"
            + " WHERE e.id = ?";

    private final DataSource dataSource;

    public PostgresLedgerStatements(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** {@link JpaMediaManager#hasCanonicalBlob}: one indexed look-up (the unique index of dedup_key). */
    boolean hasCanonicalBlob(String dedupKey) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(HAS_CANONICAL)) {
            query.setString(1, dedupKey);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        } catch (SQLException e) {
            throw new PersistenceException("Looking up the canonical blob of " + dedupKey + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** {@link JpaMediaManager#fetchWithBlob} of an entry the second-level cache lacks: one statement. */
    Optional<EntryAndBlob> fetchWithBlob(UUID entryId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(ENTRY_WITH_BLOB)) {
            query.setObject(1, entryId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                MediaEntry.Builder entry = MediaEntry.builder()
                        .id(rows.getObject(1, UUID.class))
                        .filename(rows.getString(2))
                        .filehash(rows.getString(3))
                        .filemime(rows.getString(4))
                        .length(rows.getLong(5))
                        .fsKey(rows.getString(6))
                        .fsPath(rows.getString(7))
                        .compress(compression(rows.getString(8)))
                        .storedLength(rows.getLong(9))
                        .crc32c(rows.getObject(10, Long.class))
                        .blobId(rows.getObject(11, UUID.class))
                        .resource(rows.getString(12))
                        .resourceId(rows.getString(13))
                        .sourceId(rows.getObject(14, UUID.class))
                        .created(instant(rows, 15))
                        .updated(instant(rows, 16));
                Optional<MediaBlob> blob = rows.getObject(17) == null ? Optional.empty() : Optional.of(MediaBlob.restored(
                        rows.getObject(17, UUID.class), rows.getString(18), rows.getString(19), rows.getString(20),
                        compression(rows.getString(21)), rows.getLong(22), rows.getLong(23),
                        rows.getObject(24, Long.class), rows.getInt(25), rows.getBytes(26), rows.getString(27),
                        rows.getLong(28), instant(rows, 29), instant(rows, 30)));
                Map<String, String> metadata = new LinkedHashMap<>();
                do {
                    if (rows.getString(31) != null) {
                        metadata.put(rows.getString(31), rows.getString(32));
                    }
                } while (rows.next());
                return Optional.of(new EntryAndBlob(entry.metadata(metadata).build(), blob));
            }
        } catch (SQLException e) {
            throw new PersistenceException("Reading the entry " + entryId + " failed: " + e.getMessage(), e);
        }
    }

    /** {@link JpaMediaManager#publishFresh}: the blob, its entry and the intent's removal, in one statement. */
    FreshPublication publishFresh(StorageIntent write, int contentSlot, MediaBlob blob, MediaEntry entry) {
        if (!blob.getId().equals(entry.blobId()) || !write.getStorageKey().equals(blob.getStorageKey())) {
            throw new IllegalArgumentException("The entry must reference the blob, and the blob hold the write's key");
        }
        Map<String, String> metadata = entry.getMetadata();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement call = connection.prepareStatement(PUBLISH_FRESH)) {
            int i = 0;
            call.setObject(++i, write.getId());
            call.setInt(++i, contentSlot);
            call.setObject(++i, blob.getId());
            call.setString(++i, blob.getFsKey());
            call.setString(++i, blob.getStorageKey());
            call.setString(++i, blob.getContentHash());
            call.setString(++i, blob.getCompress() == null ? null : blob.getCompress().name());
            call.setLong(++i, blob.getContentLength());
            call.setLong(++i, blob.getStoredLength());
            call.setObject(++i, blob.getCrc32c(), Types.BIGINT);
            call.setInt(++i, blob.getBlockSize());
            call.setBytes(++i, blob.blocks().isEmpty() ? null : blob.blocks().toBytes());
            call.setString(++i, blob.getDedupKey());
            call.setObject(++i, timestamp(blob.getCreated()));
            call.setObject(++i, entry.getId());
            call.setString(++i, entry.getFilename());
            call.setString(++i, entry.getFilemime());
            call.setString(++i, entry.getResource());
            call.setString(++i, entry.getResourceId());
            call.setObject(++i, entry.getSourceId(), Types.OTHER);
            call.setObject(++i, timestamp(entry.getCreated()));
            call.setArray(++i, connection.createArrayOf("varchar", metadata.keySet().toArray()));
            call.setArray(++i, connection.createArrayOf("varchar", metadata.values().toArray()));
            try (ResultSet result = call.executeQuery()) {
                result.next();
                return result.getBoolean(1) ? FreshPublication.RECORDED : FreshPublication.CANONICAL_EXISTS;
            }
        } catch (SQLException e) {
            if (INTENT_GONE.equals(e.getSQLState())) {
                return FreshPublication.INTENT_GONE;
            }
            throw new PersistenceException("Recording the blob " + blob.getId() + " and the entry " + entry.getId()
                    + " failed: " + e.getMessage(), e);
        }
    }

    private static CompressionMethod compression(String name) {
        return name == null ? null : CompressionMethod.valueOf(name);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
