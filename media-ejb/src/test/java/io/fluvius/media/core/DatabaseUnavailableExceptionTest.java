package io.fluvius.media.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

class DatabaseUnavailableExceptionTest {

    @Test
    void aRefusedConnectionDeepInsideThePoolAndJpaExceptionsIsTheDatabaseUnavailable() {
        // As WildFly's pool reports PostgreSQL gone: JPA ← pool's SQLException ← ResourceException ← driver's 08001.
        var driver = new SQLException("Connection to 127.0.0.1:5432 refused", "08001", new ConnectException("refused"));
        var pool = new SQLException("IJ031084: Unable to create connection", new IllegalStateException("resource", driver));
        assertTrue(DatabaseUnavailableException.isCause(new RuntimeException("could not prepare statement",
                new RuntimeException("Unable to acquire JDBC Connection", pool))));
    }

    @Test
    void aConnectionCutOrTheServerShuttingDownIsTheDatabaseUnavailable() {
        assertTrue(DatabaseUnavailableException.isCause(new SQLException("I/O error", "08006")));
        assertTrue(DatabaseUnavailableException.isCause(new SQLException("terminating connection", "57P01")));
        assertTrue(DatabaseUnavailableException.isCause(new SQLException("the database system is starting up", "57P03")));
        assertTrue(DatabaseUnavailableException.isCause(new SQLTransientConnectionException("no connection")));
        var batch = new SQLException("batch failed", "XX000");
        batch.setNextException(new SQLException("connection closed", "08003"));
        assertTrue(DatabaseUnavailableException.isCause(batch));
    }

    @Test
    void statementErrorsAndOtherFailuresAreNot() {
        assertFalse(DatabaseUnavailableException.isCause(new SQLException("duplicate key", "23505")));
        assertFalse(DatabaseUnavailableException.isCause(new SQLException("lock timeout", "55P03")));
        assertFalse(DatabaseUnavailableException.isCause(new SQLException("canceling statement", "57014")));
        assertFalse(DatabaseUnavailableException.isCause(new IllegalStateException("other", new ConnectException("s3"))));
        assertFalse(DatabaseUnavailableException.isCause(null));
    }

    @Test
    void aCycleOfCausesEnds() {
        var a = new SQLException("a", "42000");
        var b = new SQLException("b", "42000", a);
        a.initCause(b);
        assertFalse(DatabaseUnavailableException.isCause(a));
    }
}
