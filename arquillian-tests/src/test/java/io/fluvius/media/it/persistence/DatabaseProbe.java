package io.fluvius.media.it.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import javax.sql.DataSource;

/** Looks at the application's database and second-level cache from inside the server. */
@Stateless
@PermitAll
public class DatabaseProbe {

    @Resource(lookup = "java:jboss/datasources/MediaDS")
    DataSource dataSource;

    @PersistenceUnit(unitName = "media")
    EntityManagerFactory persistenceUnit;

    /** "H2", "PostgreSQL", as the JDBC driver names it. */
    public String databaseProduct() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        }
    }

    /** The version of the last migration Flyway applied successfully. */
    public String lastMigratedVersion() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             // Quoted: Flyway names its table in lower case, which H2 keeps only when quoted.
             ResultSet rows = statement.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\""
                     + " WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\" DESC")) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    public boolean isInSecondLevelCache(Class<?> entity, Object id) {
        return persistenceUnit.getCache().contains(entity, id);
    }
}
