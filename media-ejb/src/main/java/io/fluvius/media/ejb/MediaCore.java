package io.fluvius.media.ejb;

import java.time.Clock;
import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.infinispan.Cache;

import io.fluvius.media.cache.CachedFilesystemLookup;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.storage.FilesystemLookup;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.jpa.JpaMediaManager;
import io.fluvius.media.jpa.MediaSchema;
import io.fluvius.media.jpa.TransactionBoundary;

/**
 * The one {@link MediaInterface} of the application: the core wired to the container's persistence
 * context, the resource adapter's default connection factory, the server's {@code filesystems} cache
 * (configure-cache.cli) and the {@code media.*} configuration.
 */
@ApplicationScoped
public class MediaCore {

    @PersistenceContext(unitName = "media")
    EntityManager em;

    @Resource(lookup = "java:/eis/media/MediaConnectionFactory")
    MediaConnectionFactory storage;

    @Resource(lookup = "java:jboss/infinispan/cache/media/filesystems")
    Cache<String, CachedFilesystemLookup.Registration> filesystemCache;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @EJB
    MediaSchema schema;

    @EJB
    TransactionBoundary transactionBoundary;

    @Inject
    @ConfigProperty(name = "media.default-filesystem", defaultValue = "file")
    String defaultFilesystem;

    @Inject
    @ConfigProperty(name = "media.max-file-size", defaultValue = "104857600")
    long maxFileSize;

    @Inject
    @ConfigProperty(name = "media.chunk-size", defaultValue = "65536")
    int chunkSize;

    @Inject
    @ConfigProperty(name = "media.dedup", defaultValue = "true")
    boolean dedup;

    @Inject
    @ConfigProperty(name = "media.get.max-bytes", defaultValue = "16777216")
    long getMaxBytes;

    @Inject
    @ConfigProperty(name = "media.block-size", defaultValue = "1048576")
    int blockSize;

    @Inject
    @ConfigProperty(name = "media.upload.lease", defaultValue = "120")
    long uploadLeaseSeconds;

    @Inject
    @ConfigProperty(name = "media.content-locks", defaultValue = "false")
    boolean contentLocks;

    private MediaSettings settings;
    private JpaMediaManager manager;
    private Filesystems filesystems;
    private MediaInterface media;

    @PostConstruct
    void start() {
        schema.version(); // waits until the schema is migrated: nothing here may query it before
        settings = new MediaSettings(defaultFilesystem, maxFileSize, chunkSize, dedup, getMaxBytes, blockSize,
                Duration.ofSeconds(uploadLeaseSeconds), contentLocks);
        manager = new JpaMediaManager(em, transactionBoundary);
        var registrations = new CachedFilesystemLookup(filesystemCache, FilesystemLookup.of(manager), transactions);
        filesystems = new Filesystems(storage, registrations);
        media = new MediaInterface(settings, manager, filesystems, Clock.systemUTC());
    }

    public MediaInterface media() {
        return media;
    }

    /**
     * Another {@link MediaInterface} on this application's database, storage and transactions, with other
     * settings: for tests that must switch an optimisation off ({@code contentLocks}) or shorten a lease.
     */
    public MediaInterface withSettings(MediaSettings other) {
        return new MediaInterface(other, manager, filesystems, Clock.systemUTC());
    }

    /** The settings read from the configuration. */
    public MediaSettings settings() {
        return settings;
    }
}
