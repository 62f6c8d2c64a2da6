package io.fluvius.media.core.storage;

import java.util.Optional;

import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.records.MediaManager;

/**
 * Where {@link Filesystems} finds the filesystems registered at run time. The plain one asks the
 * {@link MediaManager}; the server puts a cache in front of it.
 */
@FunctionalInterface
public interface FilesystemLookup {

    /** The persisted registration of that key, or empty when the key was never registered. */
    Optional<MediaFilesystem> find(String fsKey);

    /** The registration of that key has just changed: forget whatever is remembered of it. */
    default void changed(String fsKey) {
    }

    /**
     * Straight from the manager, remembering nothing. A key that registration would refuse was never registered,
     * and is not asked for: PostgreSQL fails a query holding NUL instead of finding nothing.
     */
    static FilesystemLookup of(MediaManager manager) {
        return fsKey -> MediaFilesystem.isRegistrableKey(fsKey) ? manager.fetch(MediaFilesystem.class, fsKey)
                : Optional.empty();
    }
}
