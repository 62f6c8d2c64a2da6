package io.fluvius.media.health;

import java.time.Duration;
import java.util.concurrent.ExecutorService;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnectionFactory;

/**
 * The filesystems other than the default one, each {@code UP} or {@code DOWN} in the data, while the check itself
 * is always up: a backend that only some entries use must not take the server out of a load balancer (readiness
 * is the database and the default filesystem). They are those the driver knows: the connection definitions, and
 * the registrations (media-ejb hands those of the database to the driver when the application starts; later ones
 * reach it when registered here or first used here). A call waits at most {@link #DEADLINE} for them all
 * ({@link FilesystemProbes}).
 */
@Readiness
@ApplicationScoped
public class FilesystemsReadiness implements HealthCheck {

    static final Duration DEADLINE = Duration.ofSeconds(2);

    @Resource(lookup = "java:/eis/media/MediaConnectionFactory")
    MediaConnectionFactory storage;

    /** The server's default ManagedExecutorService, seen through the JDK's interface. */
    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    ExecutorService executor;

    @Inject
    @ConfigProperty(name = "media.default-filesystem", defaultValue = "file")
    String defaultFilesystem;

    private FilesystemProbes probes;

    @PostConstruct
    void start() {
        probes = new FilesystemProbes(storage, executor, DEADLINE);
    }

    @Override
    public HealthCheckResponse call() {
        var others = storage.definitions().stream().map(FilesystemSpec::fsKey)
                .filter(fsKey -> !fsKey.equals(defaultFilesystem)).toList();
        var response = HealthCheckResponse.named("media-filesystems").up();
        probes.reachability(others).forEach((fsKey, up) -> response.withData(fsKey, up ? "UP" : "DOWN"));
        return response.build();
    }
}
