package io.fluvius.media.core.storage;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.records.MediaManager;

/**
 * Resolves a filesystem key to a connection. Filesystems come from two places that converge: the
 * driver's connection definitions, and those registered at run time and persisted as
 * {@link MediaFilesystem}. Every connection consults the registrations first (through a cache, in the
 * server), so that a registration made or changed on another node, or before a restart, reaches this
 * node's driver on first use.
 */
public class Filesystems {

    private final MediaConnectionFactory factory;
    private final FilesystemLookup registered;
    private final FileRoots fileRoots;
    /** What this instance handed to the driver, by key: the registrations it keeps up to date there. */
    private final Map<String, FilesystemSpec> handedToDriver = new ConcurrentHashMap<>();

    /**
     * @param registered looks up a persisted registration; the server passes a cached lookup
     */
    public Filesystems(MediaConnectionFactory factory, FilesystemLookup registered) {
        this(factory, registered, FileRoots.UNCONFINED);
    }

    /**
     * @param fileRoots where registered {@code file} filesystems may keep their bytes (the server confines them)
     */
    public Filesystems(MediaConnectionFactory factory, FilesystemLookup registered, FileRoots fileRoots) {
        this.factory = factory;
        this.registered = registered;
        this.fileRoots = fileRoots;
    }

    public static Filesystems of(MediaConnectionFactory factory, MediaManager manager) {
        return new Filesystems(factory, FilesystemLookup.of(manager));
    }

    /** A connection to the filesystem, whose failures are the core's exceptions; the caller closes it. */
    public MediaConnection connect(String fsKey) {
        try {
            Optional<MediaFilesystem> registration = registered.find(fsKey);
            if (registration.isPresent()) {
                handToDriver(registration.get().toSpec());
            } else if (!factory.isKnown(fsKey)) {
                throw MediaNotFoundException.filesystem(fsKey);
            }
            return new TranslatingConnection(factory.getConnection(fsKey));
        } catch (MediaStorageException e) {
            throw StorageErrors.translate(fsKey, e);
        }
    }

    /** Hands a (new or changed) registration to the driver, which validates its protocol and parameters. */
    public void register(MediaFilesystem filesystem) {
        FilesystemSpec spec = filesystem.toSpec();
        try {
            factory.register(spec);
        } catch (MediaStorageException e) {
            throw StorageErrors.translate(filesystem.getFsKey(), e);
        }
        handedToDriver.put(spec.fsKey(), spec);
        registered.changed(spec.fsKey());
    }

    /**
     * Checks a new registration against the filesystems there are: a {@code file} root must stay inside the base
     * directories and off every other {@code file} filesystem's root ({@link FileRoots}).
     *
     * @param others the other registrations in the database (this node's driver may not know them all yet)
     */
    public void checkNew(MediaFilesystem filesystem, java.util.Collection<MediaFilesystem> others) {
        if (!"file".equalsIgnoreCase(filesystem.getProtocol().trim())) {
            return;
        }
        var roots = new java.util.ArrayList<String>();
        others.stream().filter(o -> !o.getFsKey().equals(filesystem.getFsKey()))
                .filter(o -> "file".equalsIgnoreCase(o.getProtocol().trim()))
                .map(o -> o.getParams().get("root")).forEach(roots::add);
        factory.definitions().stream().filter(d -> !d.fsKey().equals(filesystem.getFsKey()))
                .filter(d -> "file".equalsIgnoreCase(d.protocol().trim()))
                .map(d -> d.param("root")).forEach(roots::add);
        fileRoots.check(filesystem.getFsKey(), filesystem.getParams().get("root"), roots);
    }

    /** Whether a connection definition of the server configuration (not a registration) has this key. */
    public boolean isDeclared(String fsKey) {
        return factory.isKnown(fsKey) && !handedToDriver.containsKey(fsKey) && registered.find(fsKey).isEmpty();
    }

    /** Whether the key names a filesystem, known to the driver or registered. */
    public boolean exists(String fsKey) {
        return factory.isKnown(fsKey) || registered.find(fsKey).isPresent();
    }

    /**
     * Brings the driver up to date with a persisted registration: one it has not seen (another node
     * registered it, or the server restarted) or one that changed since. A key the driver knows from
     * elsewhere (a connection definition) is left alone: the server configuration wins.
     */
    private void handToDriver(FilesystemSpec spec) throws MediaStorageException {
        FilesystemSpec handed = handedToDriver.get(spec.fsKey());
        if (spec.equals(handed) || (handed == null && factory.isKnown(spec.fsKey()))) {
            return;
        }
        factory.register(spec);
        handedToDriver.put(spec.fsKey(), spec);
    }
}
