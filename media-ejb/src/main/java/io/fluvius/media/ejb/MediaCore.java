package io.fluvius.media.ejb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.infinispan.Cache;
import org.jboss.logging.Logger;

import io.fluvius.media.cache.CachedFilesystemLookup;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.links.LinkKeys;
import io.fluvius.media.core.links.MediaLinks;
import io.fluvius.media.core.metrics.MediaMetrics;
import io.fluvius.media.core.secrets.MasterKeys;
import io.fluvius.media.core.secrets.SecretBox;
import io.fluvius.media.core.secrets.SecretUnavailableException;
import io.fluvius.media.core.storage.FileRoots;
import io.fluvius.media.core.storage.FilesystemLookup;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.jpa.JpaMediaManager;
import io.fluvius.media.jpa.MediaSchema;
import io.fluvius.media.jpa.PostgresLedgerStatements;
import io.fluvius.media.jpa.TransactionBoundary;

/**
 * The one {@link MediaInterface} of the application: the core wired to the container's persistence
 * context, the resource adapter's default connection factory, the server's {@code filesystems} cache
 * (configure-cache.cli), the server's meter registry (configure-metrics.cli) and the {@code media.*}
 * configuration.
 */
@ApplicationScoped
public class MediaCore {

    private static final Logger LOG = Logger.getLogger(MediaCore.class);

    @PersistenceContext(unitName = "media")
    EntityManager em;

    @Resource(lookup = "java:/eis/media/MediaConnectionFactory")
    MediaConnectionFactory storage;

    @Resource(lookup = "java:jboss/infinispan/cache/media/filesystems")
    Cache<String, CachedFilesystemLookup.Registration> filesystemCache;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Resource(lookup = "java:jboss/datasources/MediaDS")
    DataSource dataSource;

    @EJB
    MediaSchema schema;

    /** The server's meter registry (io.fluvius.media.metrics). */
    @Inject
    MediaMetrics metrics;

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

    /** Write intents a put commits at once for the puts after it (1: one commit per put). */
    @Inject
    @ConfigProperty(name = "media.upload.reserve", defaultValue = "32")
    int writeReserve;

    /** The Elytron secret-key credential store holding the master key(s); default: the server's configuration directory. */
    @Inject
    @ConfigProperty(name = "media.master-key.store")
    Optional<String> masterKeyStore;

    /** Which of the store's keys seals new secrets; needed once the store holds more than one. */
    @Inject
    @ConfigProperty(name = "media.master-key.current")
    Optional<String> masterKeyCurrent;

    @Inject
    @ConfigProperty(name = "media.links.default-ttl", defaultValue = "900")
    long linkDefaultTtlSeconds;

    @Inject
    @ConfigProperty(name = "media.links.max-ttl", defaultValue = "86400")
    long linkMaxTtlSeconds;

    /** How long links signed with a rotated-out key keep working; default: the longest a link may live. */
    @Inject
    @ConfigProperty(name = "media.links.key-overlap")
    Optional<Long> linkKeyOverlapSeconds;

    /** Where registered file filesystems may keep their bytes; default: {@code <data dir>/media/filesystems}. */
    @Inject
    @ConfigProperty(name = "media.file.base-dirs")
    Optional<List<String>> fileBaseDirs;

    /** More directories that no file filesystem may be, contain or lie inside (besides the server's own). */
    @Inject
    @ConfigProperty(name = "media.file.protected-dirs")
    Optional<List<String>> fileProtectedDirs;

    private MediaSettings settings;
    private MediaLinks links;
    private String linksUnavailable;
    private JpaMediaManager manager;
    private Filesystems filesystems;
    private MediaInterface media;

    @PostConstruct
    void start() {
        schema.version(); // waits until the schema is migrated: nothing here may query it before
        settings = new MediaSettings(defaultFilesystem, maxFileSize, chunkSize, dedup, getMaxBytes, blockSize,
                Duration.ofSeconds(uploadLeaseSeconds), contentLocks, writeReserve);
        manager = new JpaMediaManager(em, transactionBoundary,
                schema.postgresql() ? new PostgresLedgerStatements(dataSource) : null);
        var registrations = new CachedFilesystemLookup(filesystemCache, FilesystemLookup.of(manager), transactions);
        SecretBox box = loadMasterKey();
        filesystems = new Filesystems(storage, registrations, fileRoots());
        if (box != null) {
            filesystems = filesystems.withSecrets(box); // without it, registrations with secrets are refused
        }
        media = new MediaInterface(settings, manager, filesystems, Clock.systemUTC(), metrics);
        startLinks(box);
    }

    /**
     * The server's confinement of registered {@code file} roots: inside the base directories, and never on or
     * around what the server keeps for itself (configuration and keys, logs, deployments, its data directory's
     * database, transaction logs, timers and caches).
     */
    private FileRoots fileRoots() {
        String data = System.getProperty("jboss.server.data.dir", "data");
        List<Path> bases = fileBaseDirs.filter(l -> !l.isEmpty()).orElse(List.of(data + "/media/filesystems"))
                .stream().map(Path::of).toList();
        var guarded = new ArrayList<Path>();
        for (String property : List.of("jboss.server.config.dir", "jboss.server.log.dir", "jboss.server.deploy.dir",
                "jboss.server.temp.dir")) {
            Optional.ofNullable(System.getProperty(property)).map(Path::of).ifPresent(guarded::add);
        }
        Optional.ofNullable(System.getProperty("jboss.home.dir")).map(Path::of)
                .ifPresent(home -> guarded.addAll(List.of(home.resolve("bin"), home.resolve("modules"))));
        for (String sub : List.of("media/db", "tx-object-store", "content", "kernel", "timer-service-data",
                "infinispan", "activemq")) {
            guarded.add(Path.of(data, sub));
        }
        fileProtectedDirs.ifPresent(dirs -> dirs.stream().map(Path::of).forEach(guarded::add));
        FileRoots roots = FileRoots.confinedTo(bases, guarded);
        LOG.infof("Registered file filesystems are confined to %s", roots.baseDirs());
        return roots;
    }

    /**
     * The master key's box, or {@code null} when the key store is missing or unreadable: then the rest of the
     * service works, and links and filesystems with secret parameters say why they do not.
     */
    private SecretBox loadMasterKey() {
        Path store = masterKeyStore.filter(p -> !p.isBlank()).map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("jboss.server.config.dir", "."), "media-master-key.cs"));
        try {
            MasterKeys keys = MasterKeyStore.load(store, masterKeyCurrent);
            LOG.infof("Master key ring %s read from %s", keys, store);
            return new SecretBox(keys);
        } catch (IllegalStateException | IllegalArgumentException e) {
            linksUnavailable = e.getMessage();
            LOG.warnf("Signed links and filesystem secrets are unavailable: %s", e.getMessage());
            return null;
        }
    }

    private void startLinks(SecretBox box) {
        if (box == null) {
            return;
        }
        try {
            Duration maxTtl = Duration.ofSeconds(linkMaxTtlSeconds);
            links = new MediaLinks(new LinkKeys(manager, box, Clock.systemUTC()), Clock.systemUTC(),
                    Duration.ofSeconds(linkDefaultTtlSeconds), maxTtl,
                    linkKeyOverlapSeconds.map(Duration::ofSeconds).orElse(maxTtl));
        } catch (IllegalArgumentException e) {
            linksUnavailable = e.getMessage();
            LOG.warnf("Signed links are unavailable: %s", e.getMessage());
        }
    }

    /** The write intents taken ahead and not used go now, rather than after their lease. */
    @PreDestroy
    void stop() {
        try {
            media.releaseReservedWrites();
        } catch (RuntimeException e) {
            // Garbage collection drops them once their lease runs out.
            LOG.debugf(e, "Reserved write intents left to garbage collection");
        }
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

    /**
     * Signed download links.
     *
     * @throws SecretUnavailableException when the server has no usable master key
     */
    public MediaLinks links() {
        if (links == null) {
            throw new SecretUnavailableException(linksUnavailable);
        }
        return links;
    }

    /** The settings read from the configuration. */
    public MediaSettings settings() {
        return settings;
    }
}
