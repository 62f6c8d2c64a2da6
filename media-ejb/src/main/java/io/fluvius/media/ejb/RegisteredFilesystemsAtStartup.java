package io.fluvius.media.ejb;

import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * When the application starts, hands the filesystems registered in the database to the driver: otherwise it would
 * learn of each at its first use, and readiness, which reports every filesystem the driver knows, would leave out
 * those not used since the server started. Registrations made later, here or on another node, reach the driver as
 * before (at registration, or at first use).
 */
@Singleton
@Startup
@PermitAll
public class RegisteredFilesystemsAtStartup {

    private static final Logger LOG = Logger.getLogger(RegisteredFilesystemsAtStartup.class);

    @Inject
    MediaCore core;

    @PostConstruct
    void handToDriver() {
        try {
            Map<String, String> left = core.media().handRegisteredFilesystemsToDriver();
            left.forEach((fsKey, reason) -> LOG.warnf("Registered filesystem '%s' is not reachable: %s", fsKey, reason));
        } catch (RuntimeException e) { // the first use of each tries again
            LOG.warnf(e, "The registered filesystems could not be handed to the driver at start-up");
        }
    }
}
