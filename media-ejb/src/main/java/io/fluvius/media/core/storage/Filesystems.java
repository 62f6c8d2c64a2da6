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
    /** What this instance handed to the driver, by key: the registrations it keeps up to date there. */
    private final Map<String, FilesystemSpec> handedToDriver = new ConcurrentHashMap<>();

    /**
     * @param registered looks up a persisted registration; the server passes a cached lookup
     */
    public Filesystems(MediaConnectionFactory factory, FilesystemLookup registered) {
        this.factory = factory;
        this.registered = registered;
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
