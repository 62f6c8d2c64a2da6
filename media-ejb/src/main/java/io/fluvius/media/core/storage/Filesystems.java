package io.fluvius.media.core.storage;

import java.util.function.Function;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.store.MediaManager;

/**
 * Resolves a filesystem key to a connection. Filesystems come from two places that converge: those the
 * driver already knows (connection definitions, earlier registrations) and those registered at run time
 * and persisted as {@link MediaFilesystem}, which are handed to the driver on first use (after a
 * restart, or on another node).
 */
public class Filesystems {

    private final MediaConnectionFactory factory;
    private final Function<String, java.util.Optional<MediaFilesystem>> registered;

    /**
     * @param registered looks up a persisted registration; the server passes a cached lookup
     */
    public Filesystems(MediaConnectionFactory factory, Function<String, java.util.Optional<MediaFilesystem>> registered) {
        this.factory = factory;
        this.registered = registered;
    }

    public static Filesystems of(MediaConnectionFactory factory, MediaManager manager) {
        return new Filesystems(factory, fsKey -> manager.fetch(MediaFilesystem.class, fsKey));
    }

    /** A connection to the filesystem; the caller closes it. */
    public MediaConnection connect(String fsKey) {
        try {
            if (!factory.isKnown(fsKey)) {
                MediaFilesystem filesystem = registered.apply(fsKey)
                        .orElseThrow(() -> MediaNotFoundException.filesystem(fsKey));
                factory.register(filesystem.toSpec());
            }
            return factory.getConnection(fsKey);
        } catch (MediaStorageException e) {
            throw StorageErrors.translate(fsKey, e);
        }
    }

    /** Hands a (new or changed) registration to the driver, which validates its protocol and parameters. */
    public void register(MediaFilesystem filesystem) {
        try {
            factory.register(filesystem.toSpec());
        } catch (MediaStorageException e) {
            throw StorageErrors.translate(filesystem.getFsKey(), e);
        }
    }

    /** Whether the key names a filesystem, known to the driver or registered. */
    public boolean exists(String fsKey) {
        return factory.isKnown(fsKey) || registered.apply(fsKey).isPresent();
    }
}
