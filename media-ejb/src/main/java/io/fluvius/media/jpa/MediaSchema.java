package io.fluvius.media.jpa;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;
import org.jboss.logging.Logger;

/**
 * The database schema, brought up to date when the application starts and before anything uses it: the
 * versioned migrations in {@code db/migration} (Flyway) are applied to MediaDS, then the schema is checked
 * against the JPA mapping. Either failing stops the deployment, rather than surfacing later as SQL errors.
 * <p>
 * The persistence unit cannot validate the schema itself ({@code hibernate.hbm2ddl.auto=validate}): the
 * server starts it before any application code runs, so before the migrations. Nodes that start together
 * on one database are safe: Flyway locks its schema history while it migrates.
 * <p>
 * On PostgreSQL, {@code db/postgresql} adds what only it runs: the ledger's one-statement publication
 * ({@link PostgresLedgerStatements}).
 */
@Singleton
@Startup
@PermitAll
@TransactionManagement(TransactionManagementType.BEAN) // Flyway commits each migration itself
public class MediaSchema {

    private static final Logger LOG = Logger.getLogger(MediaSchema.class);

    @Resource(lookup = "java:jboss/datasources/MediaDS")
    DataSource dataSource;

    @PersistenceUnit(unitName = "media")
    EntityManagerFactory persistenceUnit;

    private String version;
    private boolean postgresql;

    @PostConstruct
    void migrate() {
        postgresql = isPostgresql(dataSource);
        String[] locations = postgresql ? new String[] {"classpath:db/migration", "classpath:db/postgresql"}
                : new String[] {"classpath:db/migration"};
        Flyway flyway = Flyway.configure(MediaSchema.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations)
                // The batch runtime (configure-batch.cli) creates its own tables in MediaDS when the server starts,
                // before this runs: a database holding only those is an empty one to Flyway, every migration from V1
                // on applies. A database with the product's tables has a history already, so this never skips one.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        MigrateResult result = flyway.migrate();
        persistenceUnit.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
        version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.infof("Database schema at version %s (%d migrations applied at this start), checked against the mapping",
                version, result.migrationsExecuted);
    }

    /**
     * The schema's version. Returns once the schema is migrated and checked (the container lets no call
     * in before the start-up completes), so callers use it to wait for the schema.
     */
    @Lock(LockType.READ)
    public String version() {
        return version;
    }

    /** Whether MediaDS is PostgreSQL, whose own statements ({@code db/postgresql}) are in place then. */
    @Lock(LockType.READ)
    public boolean postgresql() {
        return postgresql;
    }

    private static boolean isPostgresql(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("MediaDS is unreachable: " + e.getMessage(), e);
        }
    }
}
