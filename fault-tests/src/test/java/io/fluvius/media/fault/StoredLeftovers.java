package io.fluvius.media.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.fluvius.media.it.process.TestDatabase;

/**
 * Files under a storage directory that no entry references: blobs nobody owns and temporaries (a file
 * filesystem's {@code .<name>.<random>.part}, whatever an S3 store keeps of an unfinished upload). The directory
 * is a {@code file} filesystem's container or S3Proxy's bucket directory (its filesystem backend stores key
 * {@code a/b} at {@code <bucket>/a/b}). When some remain, {@link #evidence} says what the ledger holds of them.
 */
final class StoredLeftovers {

    private StoredLeftovers() {
    }

    /** Relative paths of the regular files under {@code root} that are not in {@code referenced}, sorted. */
    static List<String> unreferenced(Path root, Set<String> referenced) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(relative -> !referenced.contains(relative)).sorted().toList();
        }
    }

    /**
     * The rows of media_intent, media_blob and media_entry about each leftover's key (a partial file's key is its
     * name without the hidden prefix and the random suffix), for the report of a finding.
     */
    static String evidence(TestDatabase database, String fsKey, List<String> leftovers) {
        var text = new StringBuilder();
        try (Connection db = database.connect()) {
            for (String leftover : leftovers) {
                String key = keyOf(leftover);
                text.append("\n-- ").append(fsKey).append(':').append(leftover).append(" (key ").append(key).append(')');
                rows(db, text, "SELECT * FROM media_intent WHERE fs_key = ? AND storage_key = ?", fsKey, key);
                rows(db, text, "SELECT * FROM media_blob WHERE fs_key = ? AND storage_key = ?", fsKey, key);
                rows(db, text, "SELECT id, fs_key, fs_path, filename, filehash, created FROM media_entry"
                        + " WHERE fs_key = ? AND fs_path = ?", fsKey, key);
            }
        } catch (SQLException e) {
            text.append("\n(no rows: ").append(e).append(')');
        }
        return text.toString();
    }

    private static String keyOf(String leftover) {
        int slash = leftover.lastIndexOf('/');
        String directory = leftover.substring(0, slash + 1);
        String name = leftover.substring(slash + 1);
        if (name.startsWith(".") && name.endsWith(".part")) {
            String inner = name.substring(1, name.length() - ".part".length());
            int random = inner.lastIndexOf('.');
            return directory + (random > 0 ? inner.substring(0, random) : inner);
        }
        return leftover;
    }

    private static void rows(Connection db, StringBuilder text, String sql, String fsKey, String key)
            throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, fsKey);
            query.setString(2, key);
            try (ResultSet rows = query.executeQuery()) {
                ResultSetMetaData columns = rows.getMetaData();
                int count = 0;
                while (rows.next()) {
                    text.append("\n   ").append(sql, sql.indexOf("FROM ") + 5, sql.indexOf(" WHERE")).append(": ");
                    for (int c = 1; c <= columns.getColumnCount(); c++) {
                        text.append(columns.getColumnName(c)).append('=').append(rows.getString(c)).append(' ');
                    }
                    count++;
                }
                if (count == 0) {
                    text.append("\n   no row in ").append(sql, sql.indexOf("FROM ") + 5, sql.indexOf(" WHERE"));
                }
            }
        }
    }
}
