package io.fluvius.media.core.pipeline;

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
 * final key, or are dropped when identical bytes already lie there, and only then is the entry inserted.
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
        String fsKey = connection.fsKey();
        return locks.withLock(fsKey, finalKey, () -> {
            boolean reused = false;
            try {
                if (reuseExisting && connection.exists(finalKey)) {
                    if (temporaryKey != null) {
                        connection.delete(temporaryKey);
                    }
                    reused = true;
                } else if (temporaryKey == null) {
                    throw new MediaIntegrityException("The stored bytes at '" + finalKey + "' on filesystem '" + fsKey
                            + "' disappeared while the put was verifying them; retry the put");
                } else {
                    connection.move(temporaryKey, finalKey);
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
