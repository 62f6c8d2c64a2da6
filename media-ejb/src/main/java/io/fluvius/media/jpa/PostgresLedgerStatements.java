package io.fluvius.media.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.PersistenceException;
import javax.sql.DataSource;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.StorageIntent;
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

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
