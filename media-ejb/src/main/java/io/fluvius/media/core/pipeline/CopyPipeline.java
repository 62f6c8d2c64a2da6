package io.fluvius.media.core.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.compress.CompressionMethod;
import io.fluvius.media.core.io.BlockChecksummingInputStream;
import io.fluvius.media.core.io.BlockChecksums;
import io.fluvius.media.core.io.BlockVerifyingInputStream;
import io.fluvius.media.core.io.CompressingInputStream;
import io.fluvius.media.core.io.Sha256;
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
 * Copies and moves an entry's content. Within one filesystem and compression a copy is one more reference to
 * the same blob: no byte moves. Otherwise the bytes travel outside any transaction: as they are (still
 * compressed) when the compression stays, each block checked as it is read; decompressed, checked against the
 * content's hash and compressed anew when it changes. The written bytes are read back and checked before
 * anything references them. Where the target already holds the same content (dedup), nothing moves and the
 * copy or the moved entry references that blob.
 * <p>
 * A copy is a new entry; a move switches the entry itself to the new bytes in one short transaction, only
 * after they verified, and releases the old blob (garbage collection removes it): reads keep working
 * throughout, since a read that finds the old bytes gone follows the entry to its new ones.
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

    /** A new entry with the content of {@code source} on {@code targetFsKey}, stored as {@code compression}. */
    public MediaEntry copy(MediaEntry source, String targetFsKey, CompressionMethod compression) {
        if (targetFsKey.equals(source.getFsKey()) && compression == source.getCompress()) {
            return ledger.addReference(source.getId(), copyOf(source));
        }
        Function<MediaBlob, MediaEntry> copy = copyOf(source);
        try {
            return restore(source, targetFsKey, compression,
                    pin -> () -> recording.referencing(pin, copy),
                    (intent, content) -> () -> recording.written(intent, content, settings.dedup(), copy)).get();
        } catch (MediaIntegrityException e) {
            if (!ledger.holds(source)) {
                // Deleted while the copy read it (garbage collection may take the bytes at once): not found, as a
                // read of it would be, rather than lost bytes.
                throw MediaNotFoundException.entry(source.getId());
            }
            throw e;
        }
    }

    /**
     * Moves an entry's content to {@code targetFsKey}, stored as {@code compression}; the entry keeps its id.
     *
     * @return the entry as it is now: moved, or as it was when it is there already; empty when it was deleted or
     *         moved by someone else meanwhile (then what this wrote is deleted again)
     */
    public Optional<MediaEntry> move(MediaEntry entry, String targetFsKey, CompressionMethod compression) {
        if (targetFsKey.equals(entry.getFsKey()) && compression == entry.getCompress()) {
            return Optional.of(entry);
        }
        UUID from = entry.blobId();
        try {
            return manager.outsideTransaction(() -> restore(entry, targetFsKey, compression,
                    pin -> () -> recording.switchingPinned(pin, entry.getId(), from),
                    (intent, content) -> () -> recording.switching(intent, content, settings.dedup(), entry.getId(), from))
                    .get());
        } catch (MediaIntegrityException e) {
            if (!ledger.holds(entry)) {
                return Optional.empty(); // deleted while the move read it, and its bytes collected
            }
            throw e;
        }
    }

    /**
     * Puts the content where it is wanted, with no transaction open, and returns what records it: a pin of the
     * canonical blob already there, or bytes written under a committed intent.
     */
    private <T> Supplier<T> restore(MediaEntry source, String targetFsKey, CompressionMethod compression,
                                    Function<Pin, Supplier<T>> pinned,
                                    BiFunction<StorageIntent, StoredContent, Supplier<T>> written) {
        MediaBlob blob = ledger.blobOf(source);
        try (MediaConnection target = filesystems.connect(targetFsKey)) {
            return manager.outsideTransaction(() -> {
                if (settings.dedup()) {
                    Optional<Pin> pin = ledger.pin(DedupKey.of(target.fsKey(), blob.getContentHash(), compression));
                    if (pin.isPresent()) {
                        return pinned.apply(pin.get());
                    }
                }
                StorageIntent intent = ledger.beginWrite(target.fsKey(), ContentKey.fresh(compression));
                StoredContent stored = recording.streaming(intent, () -> compression == blob.getCompress()
                        ? transfer(source, blob, target, intent)
                        : transcode(source, blob, target, intent, compression));
                return written.apply(intent, stored);
            });
        }
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
     * Streams the original content, decompressed and checked against the entry's checksum as it is read, to
     * the intent's key as {@code compression}; then reads what it wrote back and checks its SHA-256.
     */
    private StoredContent transcode(MediaEntry source, MediaBlob blob, MediaConnection target, StorageIntent intent,
                                    CompressionMethod compression) {
        String description = ReadPipeline.describe(source);
        long storedLength;
        BlockChecksums written;
        try (MediaConnection from = filesystems.connect(blob.getFsKey());
             InputStream stored = checked(from.read(blob.getStorageKey()), blob, description);
             InputStream original = VerifyingInputStream.of(blob.getCompress() == null ? stored
                     : blob.getCompress().decompressing(stored), source, description)) {
            InputStream watched = new Lease(ledger, intent, clock).watch(original);
            InputStream toStore = compression == null ? watched : new CompressingInputStream(watched, compression);
            var blocks = new BlockChecksummingInputStream(toStore, settings.blockSize());
            try (toStore) {
                storedLength = target.write(intent.getStorageKey(), blocks);
            }
            written = blocks.checksums();
        } catch (IOException e) {
            throw new MediaIntegrityException(description + " could not be read to their end", e);
        }
        StoredContent result = new StoredContent(blob.getContentHash(), blob.getContentLength(), blob.getCrc32c(),
                compression, storedLength, written);
        verifyHash(source, target, intent.getStorageKey(), result);
        return result;
    }

    /** Reads re-stored bytes back, block by block, undoes their compression and checks the content's SHA-256. */
    private static void verifyHash(MediaEntry source, MediaConnection target, String key, StoredContent stored) {
        String description = "The re-stored bytes of entry " + source.getId() + " on filesystem '" + target.fsKey() + "'";
        MessageDigest digest = Sha256.newDigest();
        long length;
        try (InputStream checked = new BlockVerifyingInputStream(target.read(key), stored.blocks(), 0,
                stored.storedLength(), description);
             InputStream original = stored.compression() == null ? checked : stored.compression().decompressing(checked);
             var digesting = new DigestInputStream(original, digest)) {
            length = digesting.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new MediaIntegrityException(description + " could not be read back", e);
        }
        String hash = Sha256.hex(digest);
        if (length != stored.length() || !hash.equals(stored.sha256())) {
            throw new MediaIntegrityException(description + " read back as " + length + " bytes with SHA-256 " + hash
                    + ", not the " + stored.length() + " bytes with SHA-256 " + stored.sha256() + " they were");
        }
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
