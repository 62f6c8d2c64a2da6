package io.fluvius.media.jpa;

import java.sql.SQLException;

import jakarta.persistence.EntityManagerFactory;

import org.junit.jupiter.api.AfterEach;

import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.records.MediaManagerContract;
import io.fluvius.media.core.records.SelfCommittingMediaManager;

/**
 * The {@link MediaManagerContract} against the production {@link JpaMediaManager} on H2, without a server
 * (resource-local transactions bound to threads, see {@link ThreadBoundJpa}); JpaPersistenceIT runs it in
 * the server on H2 and PostgreSQL.
 */
class ResourceLocalJpaManagerTest extends MediaManagerContract {

    private MigrationDatabase database;
    private EntityManagerFactory factory;
    private MediaManager manager;

    @AfterEach
    void close() throws SQLException {
        if (factory != null) {
            factory.close();
            database.drop();
        }
    }

    /** Opened on first use: the contract's own set-up runs before this class's. */
    @Override
    protected MediaManager manager() {
        if (manager == null) {
            database = MigrationDatabase.available().get(0);
            JpaMediaManager jpa = JpaLedgerTest.manager(database, opened -> factory = opened);
            manager = new SelfCommittingMediaManager() {
                @Override
                protected MediaManager delegate() {
                    return jpa;
                }
            };
        }
        return manager;
    }
}
