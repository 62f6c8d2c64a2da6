package io.fluvius.media.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Migration V4 builds the blob ledger from a database at schema version 3: one blob per stored object, its
 * reference count exactly the entries pointing at it, a dedup key on content-keyed objects only.
 */
class LedgerBackfillTest {

    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);
    private static final String SHARED_RAW = "sha256/aa/aa/" + HASH_A;
    private static final String SHARED_ZSTD = "sha256/bb/bb/" + HASH_B + ".zst";

    private MigrationDatabase database;

    static List<MigrationDatabase> databases() {
        return MigrationDatabase.available();
    }

    @AfterEach
    void dropSchema() throws SQLException {
        database.drop();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void referenceCountsOfSharedAndDedupOffEntriesComeOutExact(MigrationDatabase db) throws SQLException {
        database = db;
        db.migrate("3");
        try (Connection connection = db.connect()) {
            for (int i = 0; i < 3; i++) {
                insertEntry(connection, UUID.randomUUID(), "file", SHARED_RAW, HASH_A, null);
            }
            for (int i = 0; i < 2; i++) {
                insertEntry(connection, UUID.randomUUID(), "file", SHARED_ZSTD, HASH_B, "ZSTD");
            }
            insertEntry(connection, UUID.randomUUID(), "memory", SHARED_RAW, HASH_A, null);
            for (int i = 0; i < 3; i++) {
                UUID id = UUID.randomUUID();
                insertEntry(connection, id, "file", "objects/" + id, HASH_A, null);
            }
        }

        db.migrate(null);

        try (Connection connection = db.connect()) {
            Map<String, Long> refs = new HashMap<>();
            Map<String, String> dedupKeys = new HashMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet blobs = statement.executeQuery(
                         "SELECT fs_key, storage_key, ref_count, dedup_key, unreferenced_at FROM media_blob")) {
                while (blobs.next()) {
                    String where = blobs.getString(1) + ":" + blobs.getString(2);
                    refs.put(where, blobs.getLong(3));
                    dedupKeys.put(where, blobs.getString(4));
                    assertNull(blobs.getObject(5), "a backfilled blob is referenced");
                }
            }
            assertEquals(6, refs.size(), "one blob per stored object: " + refs);
            assertEquals(3L, refs.get("file:" + SHARED_RAW));
            assertEquals(2L, refs.get("file:" + SHARED_ZSTD));
            assertEquals(1L, refs.get("memory:" + SHARED_RAW));
            assertEquals(HASH_A + ".raw@file", dedupKeys.get("file:" + SHARED_RAW));
            assertEquals(HASH_B + ".ZSTD@file", dedupKeys.get("file:" + SHARED_ZSTD));
            assertEquals(HASH_A + ".raw@memory", dedupKeys.get("memory:" + SHARED_RAW));
            refs.forEach((where, count) -> {
                if (where.startsWith("file:objects/")) {
                    assertEquals(1L, count, where);
                    assertNull(dedupKeys.get(where), "a dedup-off object is nobody's canonical blob: " + where);
                }
            });
            // Every entry references the blob of its own object, and the counts add up to the entries.
            assertEquals(0, single(connection, "SELECT COUNT(*) FROM media_entry e JOIN media_blob b ON b.id = e.blob_id"
                    + " WHERE b.fs_key <> e.fs_key OR b.storage_key <> e.fs_path"));
            assertEquals(single(connection, "SELECT COUNT(*) FROM media_entry"),
                    single(connection, "SELECT SUM(ref_count) FROM media_blob"));
            assertEquals(1024, single(connection, "SELECT COUNT(*) FROM media_content_lock"));
        }
    }

    private static void insertEntry(Connection connection, UUID id, String fsKey, String fsPath, String hash,
                                    String compress) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO media_entry (id, filename, filehash,"
                + " filemime, content_length, fs_key, fs_path, compress, stored_length, created, crc32c)"
                + " VALUES (?, ?, ?, 'application/octet-stream', 10, ?, ?, ?, 8, ?, 12345)")) {
            insert.setObject(1, id);
            insert.setString(2, "f-" + id + ".bin");
            insert.setString(3, hash);
            insert.setString(4, fsKey);
            insert.setString(5, fsPath);
            insert.setString(6, compress);
            insert.setObject(7, OffsetDateTime.now(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
