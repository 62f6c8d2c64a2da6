package io.fluvius.media.it.process;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Seeds the blob ledger by JDBC, inside the server on its own MediaDS ({@code POST
 * /media-ledger-seed/seed?referenced=N&unreferenced=M}): N blobs each referenced once and each of its own content,
 * M unreferenced since yesterday, whose bytes were never written (garbage collection finds them gone and drops
 * them). Set-based inserts of 100,000 rows a statement, each statement committed, so that neither the database
 * nor the server holds a million rows in memory. H2 and PostgreSQL.
 */
@WebServlet("/seed")
public class LedgerSeedServlet extends HttpServlet {

    private static final long ROWS_PER_STATEMENT = 100_000;

    private static final String MEDIA_DS = "java:jboss/datasources/MediaDS";

    public static WebArchive war() {
        return ShrinkWrap.create(WebArchive.class, "media-ledger-seed.war").addClass(LedgerSeedServlet.class);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long referenced = Long.parseLong(request.getParameter("referenced"));
        long unreferenced = Long.parseLong(request.getParameter("unreferenced"));
        try (Connection connection = ((DataSource) new InitialContext().lookup(MEDIA_DS)).getConnection()) {
            boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            long inserted = seed(connection, postgres, 1, referenced, true)
                    + seed(connection, postgres, referenced + 1, referenced + unreferenced, false);
            response.setContentType("text/plain");
            response.getWriter().print(inserted);
        } catch (SQLException | NamingException e) {
            response.sendError(500, e.toString());
        }
    }

    private static long seed(Connection connection, boolean postgres, long from, long to, boolean referenced)
            throws SQLException {
        String numbers = postgres ? "SELECT generate_series(?, ?) AS n" : "SELECT X AS n FROM SYSTEM_RANGE(?, ?)";
        // Ids, keys and hashes in the order of the numbers: each index grows at its end, as a ledger filled over
        // time would, instead of taking a million random inserts (3 times slower on H2).
        String text = "CAST(n AS VARCHAR)";
        String sql = "INSERT INTO media_blob (id, fs_key, storage_key, content_hash, compress, content_length,"
                + " stored_length, crc32c, block_size, block_crc32c, dedup_key, ref_count, created, unreferenced_at)"
                + " SELECT CAST(LPAD(" + text + ", 32, '0') AS UUID), 'file', 'seeded/' || LPAD(" + text + ", 12, '0'),"
                + " 'seed' || LPAD(" + text + ", 60, '0'), NULL, 1, 1, NULL, 0, NULL, NULL, " + (referenced ? "1" : "0")
                + ", CURRENT_TIMESTAMP, " + (referenced ? "NULL" : "CURRENT_TIMESTAMP - INTERVAL '1' DAY")
                + " FROM (" + numbers + ") seeded";
        long inserted = 0;
        for (long start = from; start <= to; start += ROWS_PER_STATEMENT) {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setLong(1, start);
                insert.setLong(2, Math.min(to, start + ROWS_PER_STATEMENT - 1));
                inserted += insert.executeUpdate();
            }
        }
        return inserted;
    }
}
