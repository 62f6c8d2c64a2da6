package io.fluvius.media.core.ledger;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.storage.Filesystems;

/**
 * Deletes bytes no blob owns (under a discard intent, or the write intent of a put whose content was stored
 * already) and then the intent: after this, nothing is left of them. On failure the intent stays, and
 * garbage collection takes the bytes when it runs out.
 */
public final class DiscardedBytes {

    private static final System.Logger LOG = System.getLogger(DiscardedBytes.class.getName());

    private DiscardedBytes() {
    }

    /** @return {@code true} when the bytes and their intent are gone */
    public static boolean delete(Filesystems filesystems, BlobLedger ledger, StorageIntent discard) {
        try (MediaConnection connection = filesystems.connect(discard.getFsKey())) {
            connection.delete(discard.getStorageKey());
            ledger.forget(discard);
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete the discarded bytes at ''{0}'' on filesystem"
                    + " ''{1}''; garbage collection retries: {2}", discard.getStorageKey(), discard.getFsKey(),
                    e.getMessage());
            return false;
        }
    }

    /** The bytes of a write that will not be recorded, if the write is still the ledger's to give up. */
    public static void abandon(Filesystems filesystems, BlobLedger ledger, StorageIntent write) {
        try {
            ledger.abandon(write).ifPresent(discard -> delete(filesystems, ledger, discard));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not give up the write to ''{0}'' on filesystem ''{1}'' now;"
                    + " garbage collection takes it when its lease runs out: {2}", write.getStorageKey(),
                    write.getFsKey(), e.getMessage());
        }
    }

    /**
     * Gives up a write without touching its store (which just failed to answer): the bytes, if any arrived, stay
     * under a discard intent until garbage collection deletes them.
     */
    public static void abandonForLater(BlobLedger ledger, StorageIntent write) {
        try {
            ledger.abandon(write);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not give up the write to ''{0}'' on filesystem ''{1}'' now;"
                    + " garbage collection takes it when its lease runs out: {2}", write.getStorageKey(),
                    write.getFsKey(), e.getMessage());
        }
    }

    /** Drops a pin that will not be used; best effort (it runs out on its own). */
    public static void unpin(BlobLedger ledger, StorageIntent pin) {
        try {
            ledger.forget(pin);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Pin {0} stays until its lease runs out: {1}", pin.getId(), e.getMessage());
        }
    }
}
