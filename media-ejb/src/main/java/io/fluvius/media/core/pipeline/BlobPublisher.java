package io.fluvius.media.core.pipeline;

import java.io.ByteArrayInputStream;
import java.util.function.Supplier;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.storage.ContentLocks;
import io.fluvius.media.core.storage.StorageErrors;
import io.fluvius.media.core.store.MediaManager;

/**
 * The last step of every write (put, copy): bytes that sit durable under a temporary key move to their
 * final key (small content held in memory is written there directly), or are dropped when identical
 * bytes already lie there, and only then is the entry inserted.
 * Runs under the content lock, so that a delete cannot remove bytes this step has just decided to reuse.
 */
final class BlobPublisher {

    private final MediaManager manager;
    private final ContentLocks locks;

    BlobPublisher(MediaManager manager, ContentLocks locks) {
        this.manager = manager;
        this.locks = locks;
    }

    /**
     * @param temporaryKey  where the bytes wait, or {@code null} when the put wrote none (identical bytes
     *                      were known to be stored already)
     * @param reuseExisting whether identical bytes already at {@code finalKey} may serve this entry (dedup)
     * @param entry         builds the entry once the bytes are in place
     */
    MediaEntry publish(MediaConnection connection, String temporaryKey, String finalKey, boolean reuseExisting,
                       Supplier<MediaEntry> entry) {
        Placement placement = temporaryKey == null ? null : new Placement() {
            @Override
            public void place() {
                connection.move(temporaryKey, finalKey);
            }

            @Override
            public void discard() {
                connection.delete(temporaryKey);
            }
        };
        return publish(connection, placement, finalKey, reuseExisting, entry);
    }

    /**
     * Publishes content held in memory (a small put, hashed before any byte was written): written straight
     * to its final key, which skips the temporary key, its rename and one fsync.
     */
    MediaEntry publishBytes(MediaConnection connection, byte[] stored, String finalKey, boolean reuseExisting,
                            Supplier<MediaEntry> entry) {
        return publish(connection, new Placement() {
            @Override
            public void place() {
                connection.write(finalKey, new ByteArrayInputStream(stored));
            }

            @Override
            public void discard() {
                // Nothing was written anywhere yet.
            }
        }, finalKey, reuseExisting, entry);
    }

    /** How the bytes of an entry reach their final key, or are let go when identical ones are there. */
    private interface Placement {
        void place();

        void discard();
    }

    private MediaEntry publish(MediaConnection connection, Placement placement, String finalKey,
                               boolean reuseExisting, Supplier<MediaEntry> entry) {
        String fsKey = connection.fsKey();
        return locks.withLock(fsKey, finalKey, () -> {
            boolean reused = false;
            try {
                if (reuseExisting && connection.exists(finalKey)) {
                    if (placement != null) {
                        placement.discard();
                    }
                    reused = true;
                } else if (placement == null) {
                    throw new MediaIntegrityException("The stored bytes at '" + finalKey + "' on filesystem '" + fsKey
                            + "' disappeared while the put was verifying them; retry the put");
                } else {
                    placement.place();
                }
            } catch (MediaStorageException e) {
                throw StorageErrors.translate(fsKey, e);
            }
            try {
                return manager.insert(entry.get());
            } catch (RuntimeException e) {
                if (!reused && References.count(manager, fsKey, finalKey) == 0) {
                    // Still under the lock: nobody else can have started to reference these bytes.
                    deleteQuietly(connection, finalKey);
                }
                throw e;
            }
        });
    }

    static void deleteQuietly(MediaConnection connection, String key) {
        try {
            connection.delete(key);
        } catch (RuntimeException e) {
            // What stays behind is garbage under a temporary or unreferenced key, which orphan-gc removes.
        }
    }
}
