package io.fluvius.media.core.pipeline;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import io.fluvius.media.core.FaultPoints;
import io.fluvius.media.core.FilesystemUnavailableException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.ledger.BlobLedger;
import io.fluvius.media.core.ledger.BlobLedger.Pin;
import io.fluvius.media.core.ledger.BlobLedger.Publication;
import io.fluvius.media.core.ledger.BlobLedger.Switch;
import io.fluvius.media.core.ledger.DiscardedBytes;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.StorageIntent;
import io.fluvius.media.core.ledger.StoredContent;
import io.fluvius.media.core.storage.Filesystems;

/**
 * What puts and copies share around their bytes: a write that fails is given up (its bytes deleted while
 * they are still the write's), the ledger transaction records what was written or pinned, and what the
 * ledger did not keep (identical content stored first, an unused pin) is cleaned up after it.
 */
final class Recording {

    private final BlobLedger ledger;
    private final Filesystems filesystems;

    Recording(BlobLedger ledger, Filesystems filesystems) {
        this.ledger = ledger;
        this.filesystems = filesystems;
    }

    /** Runs the step that streams bytes to the write's key; when it fails, the write is given up. */
    <T> T streaming(StorageIntent write, Supplier<T> step) {
        try {
            return step.get();
        } catch (FilesystemUnavailableException unavailable) {
            // The store did not answer in time: asking it to delete now would make the caller wait for its deadline
            // a second time. The discard stays in the ledger; garbage collection deletes the bytes once it is back.
            DiscardedBytes.abandonForLater(ledger, write);
            throw unavailable;
        } catch (RuntimeException e) {
            DiscardedBytes.abandon(filesystems, ledger, write);
            throw e;
        }
    }

    /** Records the written bytes and the entry; deletes them again when identical content was there first. */
    MediaEntry written(StorageIntent write, StoredContent content, boolean dedup, Function<MediaBlob, MediaEntry> entry) {
        FaultPoints.reach(FaultPoints.BYTES_WRITTEN);
        Publication publication = streaming(write, () -> ledger.publish(write, content, dedup, entry));
        if (publication.reusedExisting()) {
            // Identical content was stored already (before, or by a put that committed first): ours is garbage,
            // still under the write's intent (the publication left it), which goes once the bytes have.
            FaultPoints.reach(FaultPoints.CLEANUP);
            DiscardedBytes.delete(filesystems, ledger, write);
        }
        FaultPoints.reach(FaultPoints.COMMITTED);
        return publication.entry();
    }

    /**
     * Switches an entry to the written bytes (or, with dedup, to identical content stored first); deletes them
     * again when the ledger did not keep them.
     */
    Optional<MediaEntry> switching(StorageIntent write, StoredContent content, boolean dedup, UUID entryId,
                                   UUID fromBlobId) {
        Switch result = streaming(write, () -> ledger.switchWritten(write, content, dedup, entryId, fromBlobId));
        if (result.bytesUnused()) {
            DiscardedBytes.delete(filesystems, ledger, write);
        }
        return result.entry();
    }

    /** Switches an entry to the pinned blob, in the ledger's transaction that also drops the pin. */
    Optional<MediaEntry> switchingPinned(Pin pin, UUID entryId, UUID fromBlobId) {
        return pinned(pin, () -> ledger.switchPinned(pin, entryId, fromBlobId));
    }

    /** Runs a step that needs the pin; the pin goes when the step fails. */
    <T> T pinned(Pin pin, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            DiscardedBytes.unpin(ledger, pin.intent());
            throw e;
        }
    }

    /** A new entry referencing the pinned blob, in the ledger's transaction that also drops the pin. */
    MediaEntry referencing(Pin pin, Function<MediaBlob, MediaEntry> entry) {
        return pinned(pin, () -> ledger.publishPinned(pin, entry));
    }
}
