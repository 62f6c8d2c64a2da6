package io.fluvius.media.health;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;

/**
 * Ready when the default filesystem takes bytes and gives them back: a small probe object is written, read,
 * compared and deleted. Its key is under {@code tmp/}, where puts keep their temporary keys, so that a probe
 * a crash leaves behind is garbage that orphan-gc collects.
 */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(StorageReadiness.class);
    private static final String PROBE_PREFIX = "tmp/health-";

    @Resource(lookup = "java:/eis/media/MediaConnectionFactory")
    MediaConnectionFactory storage;

    @Inject
    @ConfigProperty(name = "media.default-filesystem", defaultValue = "file")
    String defaultFilesystem;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("media-default-filesystem").withData("fsKey", defaultFilesystem);
        String key = PROBE_PREFIX + UUID.randomUUID();
        byte[] probe = key.getBytes(StandardCharsets.UTF_8);
        try (MediaConnection connection = storage.getConnection(defaultFilesystem)) {
            try {
                connection.write(key, new ByteArrayInputStream(probe));
                byte[] back;
                try (InputStream in = connection.read(key)) {
                    back = in.readNBytes(probe.length + 1);
                }
                if (!Arrays.equals(probe, back)) {
                    LOG.warnf("Readiness: a probe read back from filesystem '%s' differs from what was written",
                            defaultFilesystem);
                    return response.down().withData("error", "probe read back differs").build();
                }
            } finally {
                connection.delete(key);
            }
            return response.up().build();
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Readiness: filesystem '%s' cannot store and return a probe", defaultFilesystem);
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
