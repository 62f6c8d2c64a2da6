package io.fluvius.media.core.pipeline;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.storage.ContentLocks;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.core.store.MediaManager;

/** Removes an entry, and its stored bytes once no other entry shares them. */
public class DeletePipeline {

    private static final System.Logger LOG = System.getLogger(DeletePipeline.class.getName());

    private final MediaManager manager;
    private final Filesystems filesystems;
    private final ContentLocks locks;

    public DeletePipeline(MediaManager manager, Filesystems filesystems, ContentLocks locks) {
        this.manager = manager;
        this.filesystems = filesystems;
        this.locks = locks;
    }

    /** @return {@code false} when the entry was already gone */
    public boolean delete(MediaEntry entry) {
        return locks.withLock(entry.getFsKey(), entry.getFsPath(), () -> {
            if (!manager.remove(entry)) {
                return false;
            }
            if (References.count(manager, entry.getFsKey(), entry.getFsPath()) == 0) {
                try (MediaConnection connection = filesystems.connect(entry.getFsKey())) {
                    connection.delete(entry.getFsPath());
                } catch (RuntimeException e) {
                    // The entry is gone; its bytes are garbage that orphan-gc collects.
                    LOG.log(System.Logger.Level.WARNING, "Entry {0} deleted; its bytes on filesystem ''{1}'' stay"
                            + " until orphan-gc: {2}", entry.getId(), entry.getFsKey(), e.getMessage());
                }
            }
            return true;
        });
    }
}
