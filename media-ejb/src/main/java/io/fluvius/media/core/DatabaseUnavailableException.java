package io.fluvius.media.core;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The database of entries cannot be reached (down, restarting, or the connection cut): a 503
 * {@code media.database-unavailable} that a caller may retry, not an internal error. Nothing of the failed call was
 * acknowledged; a put whose commit was cut off may or may not have its entry, as with any lost answer.
 */
public class DatabaseUnavailableException extends RuntimeException implements MediaException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "media.database-unavailable";
    }

    /**
     * Whether {@code failure}, or anything that caused it, says the database cannot be reached: a JDBC connection
     * error (SQLSTATE class 08, or the driver's connection exception types), or the server shutting down, crashed
     * or not yet accepting connections (57P01, 57P02, 57P03). Statement errors (a constraint, a lock timeout) are not.
     */
    public static boolean isCause(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof DatabaseUnavailableException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                if (isConnectionState(sql.getSQLState())) {
                    return true;
                }
                // A batch's first error may be a consequence; the connection's loss can be a later one.
                Map<Throwable, Boolean> chained = new IdentityHashMap<>();
                for (SQLException next = sql.getNextException(); next != null && chained.put(next, Boolean.TRUE) == null;
                        next = next.getNextException()) {
                    if (isConnectionState(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }
}
