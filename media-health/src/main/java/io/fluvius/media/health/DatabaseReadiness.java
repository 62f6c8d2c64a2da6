package io.fluvius.media.health;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/** Ready when the database of entries answers: a connection from MediaDS that the driver validates. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(DatabaseReadiness.class);
    private static final int TIMEOUT_SECONDS = 5;

    /** The application's datasource, the persistence unit's jta-data-source. */
    @Resource(lookup = "java:jboss/datasources/MediaDS")
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("media-database");
        try (Connection connection = dataSource.getConnection()) {
            // isValid makes the driver ask the server (a round trip), not merely check the socket.
            if (connection.isValid(TIMEOUT_SECONDS)) {
                return response.up().withData("database", connection.getMetaData().getDatabaseProductName()).build();
            }
            LOG.warnf("Readiness: the database did not answer within %d s", TIMEOUT_SECONDS);
            return response.down().withData("error", "no answer within " + TIMEOUT_SECONDS + " s").build();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(e, "Readiness: the database cannot be reached");
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
