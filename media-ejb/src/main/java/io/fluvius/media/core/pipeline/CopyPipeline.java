package io.fluvius.media.core.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.io.BlockChecksummingInputStream;
import io.fluvius.media.core.io.BlockChecksums;
import io.fluvius.media.core.io.BlockVerifyingInputStream;
import io.fluvius.media.core.ledger.BlobLedger;
import io.fluvius.media.core.ledger.BlobLedger.Pin;
import io.fluvius.media.core.ledger.DedupKey;
import io.fluvius.media.core.ledger.Lease;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.StorageIntent;
import io.fluvius.media.core.ledger.StoredContent;
import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.storage.ContentKey;
import io.fluvius.media.core.storage.Filesystems;

/**
 * Copies an entry. Within one filesystem a copy is one more reference to the same blob: no byte moves.
 * To another filesystem the stored bytes travel as they are (still compressed), outside any transaction,
 * each block checked as it is read; the copy is read back and checked before the new entry exists. Where
 * the target already holds the same content (dedup), the copy references that blob and moves nothing.
 */
public class CopyPipeline {

    private final MediaSettings settings;
    private final MediaManager manager;
    private final Filesystems filesystems;
    private final BlobLedger ledger;
    private final Recording recording;
    private final Clock clock;

    public CopyPipeline(MediaSettings settings, MediaManager manager, Filesystems filesystems, BlobLedger ledger,
                        Clock clock) {
        this.settings = settings;
        this.manager = manager;
        this.filesystems = filesystems;
        this.ledger = ledger;
        this.recording = new Recording(ledger, filesystems);
        this.clock = clock;
    }

    public MediaEntry copy(MediaEntry source, String targetFsKey) {
        if (targetFsKey.equals(source.getFsKey())) {
            return ledger.addReference(source.getId(), copyOf(source));
        }
        MediaBlob blob = ledger.blobOf(source);
        try (MediaConnection target = filesystems.connect(targetFsKey)) {
            return manager.outsideTransaction(() -> prepare(source, blob, target)).get();
        }
    }

    /** Moves the bytes (unless the target holds them already); returns what records the copy. */
    private Supplier<MediaEntry> prepare(MediaEntry source, MediaBlob blob, MediaConnection target) {
        if (settings.dedup()) {
            Optional<Pin> pin = ledger.pin(DedupKey.of(target.fsKey(), blob.getContentHash(), blob.getCompress()));
            if (pin.isPresent()) {
                return () -> recording.referencing(pin.get(), copyOf(source));
            }
        }
        StorageIntent intent = ledger.beginWrite(target.fsKey(), ContentKey.fresh(blob.getCompress()));
        StoredContent copied = recording.streaming(intent, () -> transfer(source, blob, target, intent));
        return () -> recording.written(intent, copied, settings.dedup(), copyOf(source));
    }

    /** Streams the stored bytes to the intent's key, checking what it reads, then what it wrote. */
    private StoredContent transfer(MediaEntry source, MediaBlob blob, MediaConnection target, StorageIntent intent) {
        String description = ReadPipeline.describe(source);
        int blockSize = blob.blocks().isEmpty() ? settings.blockSize() : blob.blocks().blockSize();
        BlockChecksums written;
        try (MediaConnection from = filesystems.connect(blob.getFsKey());
             InputStream stored = checked(from.read(blob.getStorageKey()), blob, description)) {
            Lease lease = new Lease(ledger, intent, clock);
            var blocks = new BlockChecksummingInputStream(lease.watch(stored), blockSize);
            long length = target.write(intent.getStorageKey(), blocks);
            if (length != blob.getStoredLength()) {
                throw new MediaIntegrityException(description + " are " + length + " bytes, the ledger records "
                        + blob.getStoredLength());
            }
            written = blocks.checksums();
        } catch (IOException e) {
            throw new MediaIntegrityException(description + " could not be read to their end", e);
        }
        StoredContent copied = new StoredContent(blob.getContentHash(), blob.getContentLength(), blob.getCrc32c(),
                blob.getCompress(), blob.getStoredLength(), written);
        verifyWritten(source, !blob.blocks().isEmpty(), target, intent.getStorageKey(), copied);
        return copied;
    }

    /**
     * Reads the copy back from the target and checks it: block by block, and, for a source recorded before
     * blocks were checked, the original content's hash as well (which also proves the source was sound).
     */
    private static void verifyWritten(MediaEntry source, boolean sourceBlockChecked, MediaConnection target, String key,
                                      StoredContent copied) {
        String description = "The copy of entry " + source.getId() + " on filesystem '" + target.fsKey() + "'";
        InputStream stored = target.read(key);
        try (InputStream checked = copied.blocks().isEmpty() ? stored
                : new BlockVerifyingInputStream(stored, copied.blocks(), 0, copied.storedLength(), description)) {
            if (sourceBlockChecked) {
                checked.transferTo(OutputStream.nullOutputStream());
                return;
            }
            InputStream original = copied.compression() == null ? checked : copied.compression().decompressing(checked);
            try (InputStream verified = VerifyingInputStream.of(original, source, description)) {
                verified.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            throw new MediaIntegrityException(description + " could not be read back", e);
        }
    }

    private static InputStream checked(InputStream stored, MediaBlob blob, String description) {
        return blob.blocks().isEmpty() ? stored
                : new BlockVerifyingInputStream(stored, blob.blocks(), 0, blob.getStoredLength(), description);
    }

    private Function<MediaBlob, MediaEntry> copyOf(MediaEntry source) {
        UUID id = UUID.randomUUID();
        return blob -> source.toBuilder()
                .id(id)
                .blob(blob)
                .sourceId(source.getId())
                .created(clock.instant().truncatedTo(ChronoUnit.MICROS))
                .updated(null)
                .build();
    }
}
