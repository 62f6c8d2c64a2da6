package io.fluvius.media.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.ejb.MediaServiceLocal;

/**
 * {@code POST /seed-listing?count=&resource=&resourceId=}: makes {@code count} entries of one resource
 * fast. One real put through MediaService creates a template entry with whatever rows the current schema
 * wants; its rows of {@code media_entry} and {@code media_entry_metadata} are then cloned with JDBC batches,
 * every column copied as read except the id, the filename, the creation time and the metadata value. So the
 * seed follows the schema (Hibernate or Flyway) without naming more than those columns. All clones share the
 * template's stored bytes: this is data for listing, not for reading.
 * <p>
 * {@code GET /list?resource=&resourceId=&limit=&offset=}: one page through the local view, timed in-process;
 * with {@code &explain=1}, the database's plan for that page's query instead, as text.
 */
@WebServlet({"/seed-listing", "/list"})
public class ListingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int BATCH = 2_000;
    private static final int COMMIT_EVERY = 50_000;

    @EJB(lookup = MediaLookup.LOCAL)
    private MediaServiceLocal media;

    @Resource(lookup = "java:jboss/datasources/MediaDS")
    private DataSource dataSource;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String resource = request.getParameter("resource");
        String resourceId = request.getParameter("resourceId");
        int limit = Integer.parseInt(request.getParameter("limit"));
        long offset = Long.parseLong(request.getParameter("offset"));
        if (request.getParameter("explain") != null) {
            response.setContentType("text/plain");
            response.getWriter().println(explain(resource, resourceId, limit, offset));
            return;
        }
        long start = System.nanoTime();
        List<MediaEntry> page = media.listFiles(resource, resourceId, limit, offset);
        Json.write(response, "seconds", Json.secondsSince(start), "items", page.size(),
                "first", page.isEmpty() ? "" : page.get(0).getFilename());
    }

    /**
     * The database's plans for the page's query as plain SQL, ordered by (created, id) and by the index's
     * columns (equal results: the filter pins the leading ones); a plan that says "index sorted" reads the
     * index in order instead of sorting the resource's rows.
     */
    private String explain(String resource, String resourceId, int limit, long offset) throws IOException {
        return "ORDER BY created, id: " + explain(resource, resourceId, limit, offset, "created, id")
                + " | ORDER BY resource, resource_id, created, id: "
                + explain(resource, resourceId, limit, offset, "resource, resource_id, created, id")
                + " | keyset (what a cursor page runs): " + explainKeyset(resource, resourceId, limit);
    }

    private static String planOf(PreparedStatement explain) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = explain.executeQuery()) {
            while (rows.next()) {
                plan.append(rows.getString(1).replaceAll("\\s+", " ")).append(' ');
            }
        }
        return plan.toString().trim().replaceFirst("^SELECT .*? FROM ", "SELECT ... FROM ");
    }

    /** The plan of a page that starts after a given (created, id), as the listing's next cursor asks. */
    private String explainKeyset(String resource, String resourceId, int limit) throws IOException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement explain = connection.prepareStatement("EXPLAIN SELECT * FROM "
                     + table(connection, "media_entry") + " WHERE resource = ? AND resource_id = ?"
                     + " AND created >= ? AND (created > ? OR (created = ? AND id > ?))"
                     + " ORDER BY resource, resource_id, created, id FETCH FIRST ? ROWS ONLY")) {
            java.sql.Timestamp at = java.sql.Timestamp.from(java.time.Instant.now());
            explain.setString(1, resource);
            explain.setString(2, resourceId);
            explain.setTimestamp(3, at);
            explain.setTimestamp(4, at);
            explain.setTimestamp(5, at);
            explain.setObject(6, java.util.UUID.randomUUID());
            explain.setInt(7, limit + 1);
            return planOf(explain);
        } catch (SQLException e) {
            return "EXPLAIN failed: " + e.getMessage();
        }
    }

    private String explain(String resource, String resourceId, int limit, long offset, String order)
            throws IOException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement explain = connection.prepareStatement("EXPLAIN SELECT * FROM "
                     + table(connection, "media_entry") + " WHERE resource = ? AND resource_id = ?"
                     + " ORDER BY " + order + " OFFSET ? ROWS FETCH FIRST ? ROWS ONLY")) {
            explain.setString(1, resource);
            explain.setString(2, resourceId);
            explain.setLong(3, offset);
            explain.setInt(4, limit);
            return planOf(explain);
        } catch (SQLException e) {
            return "EXPLAIN failed: " + e.getMessage();
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int count = Integer.parseInt(request.getParameter("count"));
        String resource = request.getParameter("resource");
        String resourceId = request.getParameter("resourceId");
        long start = System.nanoTime();
        MediaEntry template = media.put(new ByteArrayInputStream("listing seed\n".getBytes(StandardCharsets.UTF_8)),
                PutOptions.named(name(0)).withResource(resource, resourceId).withMetadata(Map.of("seq", "0")));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            String entries = table(connection, "media_entry");
            String metadata = table(connection, "media_entry_metadata");
            Row entry = Row.read(connection, entries, "id", template.getId());
            List<Row> meta = Row.readAll(connection, metadata, "entry_id", template.getId());
            try (PreparedStatement insertEntry = connection.prepareStatement(entry.insertSql(entries));
                 PreparedStatement insertMeta = meta.isEmpty() ? null
                         : connection.prepareStatement(meta.get(0).insertSql(metadata))) {
                long idPrefix = System.currentTimeMillis() << 16 | 0x7000L;
                for (int seq = 1; seq < count; seq++) {
                    UUID id = orderedId(idPrefix, seq);
                    entry.bind(insertEntry, Map.of("id", id, "filename", name(seq),
                            "created", later(entry.value("created"), seq)));
                    insertEntry.addBatch();
                    for (Row row : meta) {
                        row.bind(insertMeta, Map.of("entry_id", id, "meta_value", Integer.toString(seq)));
                        insertMeta.addBatch();
                    }
                    if (seq % BATCH == 0 || seq == count - 1) {
                        insertEntry.executeBatch();
                        if (insertMeta != null) {
                            insertMeta.executeBatch();
                        }
                    }
                    if (seq % COMMIT_EVERY == 0) {
                        connection.commit();
                    }
                }
            }
            connection.commit();
            analyze(connection);
        } catch (SQLException e) {
            throw new IOException("Seeding " + count + " entries failed: " + e, e);
        }
        Json.write(response, "seconds", Json.secondsSince(start), "rows", count, "template", template.getId());
    }

    /**
     * A time-ordered (version 7 layout) id that grows with {@code seq}: the primary-key index takes the
     * clones in order, so a million of them are appended instead of scattered over the index.
     */
    private static UUID orderedId(long prefix, int seq) {
        return new UUID(prefix, 0x8000_0000_0000_0000L | (long) seq << 24
                | java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24));
    }

    private static String name(int seq) {
        return String.format("list-%07d.txt", seq);
    }

    /** The template's creation time plus {@code seq} microseconds: a distinct, growing order key. */
    private static Object later(Object created, int seq) {
        if (created instanceof OffsetDateTime t) {
            return t.plusNanos(seq * 1_000L);
        }
        if (created instanceof Timestamp t) {
            return Timestamp.from(t.toInstant().plusNanos(seq * 1_000L));
        }
        if (created instanceof Instant t) {
            return t.plusNanos(seq * 1_000L);
        }
        if (created instanceof LocalDateTime t) {
            return t.plusNanos(seq * 1_000L);
        }
        throw new IllegalStateException("Unexpected type of media_entry.created: " + created.getClass());
    }

    /** The table's name as the database spells it (H2 folds to upper case, PostgreSQL to lower). */
    private static String table(Connection connection, String name) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet tables = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String found = tables.getString("TABLE_NAME");
                String schema = tables.getString("TABLE_SCHEM");
                if (found.equalsIgnoreCase(name) && !"INFORMATION_SCHEMA".equalsIgnoreCase(schema)) {
                    return found;
                }
            }
        }
        throw new SQLException("No table " + name + " in the media database");
    }

    private static void analyze(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE");
            connection.commit();
        } catch (SQLException e) {
            // Statistics help the planner; without them listing still works, so the seed goes on.
        }
    }

    /** One row as read: column names (lower case), SQL types and values, re-inserted with some values replaced. */
    private record Row(List<String> columns, List<Integer> types, List<Object> values) {

        static Row read(Connection connection, String table, String key, UUID id) throws SQLException {
            List<Row> rows = readAll(connection, table, key, id);
            if (rows.size() != 1) {
                throw new SQLException(table + " has " + rows.size() + " rows with " + key + " = " + id);
            }
            return rows.get(0);
        }

        static List<Row> readAll(Connection connection, String table, String key, UUID id) throws SQLException {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM " + table + " WHERE " + key + " = ?")) {
                select.setObject(1, id);
                try (ResultSet result = select.executeQuery()) {
                    ResultSetMetaData meta = result.getMetaData();
                    while (result.next()) {
                        List<String> columns = new ArrayList<>();
                        List<Integer> types = new ArrayList<>();
                        List<Object> values = new ArrayList<>();
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            columns.add(meta.getColumnName(c).toLowerCase(Locale.ROOT));
                            types.add(meta.getColumnType(c));
                            values.add(result.getObject(c));
                        }
                        rows.add(new Row(columns, types, values));
                    }
                }
            }
            return rows;
        }

        Object value(String column) {
            int i = columns.indexOf(column);
            if (i < 0) {
                throw new IllegalStateException("No column " + column + " in " + columns);
            }
            return values.get(i);
        }

        String insertSql(String table) {
            return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        }

        void bind(PreparedStatement insert, Map<String, Object> replaced) throws SQLException {
            for (String column : replaced.keySet()) {
                value(column); // fails loudly if the schema lost a column the seed relies on
            }
            for (int c = 0; c < columns.size(); c++) {
                Object value = replaced.getOrDefault(columns.get(c), values.get(c));
                if (value == null) {
                    insert.setNull(c + 1, types.get(c));
                } else {
                    insert.setObject(c + 1, value);
                }
            }
        }
    }
}
