package io.fluvius.media.core.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.BiFunction;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.io.BlockChecksums;
import io.fluvius.media.core.io.BlockVerifyingInputStream;
import io.fluvius.media.core.io.RangeInputStream;
import io.fluvius.media.core.ledger.BlobLedger;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.storage.Filesystems;

/**
 * Reads an entry's original bytes from its blob: opens the stored key, checks every block of stored bytes
 * against the ledger before handing any of it over, and undoes compression on the fly. A range of raw
 * content reads only the blocks it overlaps; a range of compressed content is served by decompressing
 * and skipping, never by buffering the file. Whole reads also check the original bytes' CRC32C at the
 * end. Blobs recorded before block checksums existed are checked whole, at the end, and their ranges not
 * at all.
 */
public class ReadPipeline {

    private static final int MAX_MOVES_FOLLOWED = 3;

    private final Filesystems filesystems;
    private final BlobLedger ledger;

    public ReadPipeline(Filesystems filesystems, BlobLedger ledger) {
        this.filesystems = filesystems;
        this.ledger = ledger;
    }

    /**
     * The whole original content; a corrupt blob fails the read at the first block that shows it. An entry
     * moved to other bytes between reading its metadata and opening them (a sweep or a migration switched it,
     * and garbage collection took the old bytes) is read from where it is now.
     */
    public InputStream open(MediaEntry entry) {
        return open(entry, null);
    }

    /**
     * As {@link #open(MediaEntry)}, from {@code blob}, the blob the entry referenced when it was looked up
     * ({@code null}: look it up now), so that a caller who has both does not fetch them again.
     */
    public InputStream open(MediaEntry entry, MediaBlob blob) {
        return followingMoves(entry, blob, this::openWhole);
    }

    private InputStream openWhole(MediaEntry entry, MediaBlob blob) {
        MediaConnection connection = filesystems.connect(blob.getFsKey());
        try {
            InputStream stored = verified(openStored(connection, entry, blob), blob, 0, describe(entry));
            InputStream original = blob.getCompress() == null ? stored : decompressing(entry, blob, stored);
            return new ConnectionBoundInputStream(VerifyingInputStream.of(original, entry, describe(entry)), connection);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * {@code length} original bytes from {@code offset}; fewer when the range passes the end.
     *
     * @throws InvalidMediaRequestException when offset or length is negative or offset is past the end
     */
    public InputStream open(MediaEntry entry, long offset, long length) {
        return open(entry, null, offset, length);
    }

    /** As {@link #open(MediaEntry, long, long)}, from the blob looked up with the entry ({@code null}: look it up now). */
    public InputStream open(MediaEntry entry, MediaBlob blob, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new InvalidMediaRequestException("media.invalid-range",
                    "A range needs a non-negative offset and length, got offset " + offset + " length " + length);
        }
        if (offset > entry.getLength() || (offset == entry.getLength() && length > 0 && entry.getLength() > 0)) {
            throw new InvalidMediaRequestException("media.invalid-range",
                    "Offset " + offset + " is past the end of the " + entry.getLength() + " byte file");
        }
        if (offset == 0 && length >= entry.getLength()) {
            return open(entry, blob);
        }
        return followingMoves(entry, blob, (current, itsBlob) -> openRange(current, itsBlob, offset, length));
    }

    /**
     * Opens the entry's bytes; when they or their blob are gone while the entry exists with another blob (it
     * was moved meanwhile), opens the bytes it references now. A few times at most: an entry that keeps moving
     * faster than it can be opened is an error as any other.
     */
    private InputStream followingMoves(MediaEntry entry, MediaBlob known,
                                       BiFunction<MediaEntry, MediaBlob, InputStream> read) {
        MediaEntry current = entry;
        MediaBlob blob = known;
        for (int attempt = 1; ; attempt++) {
            try {
                return read.apply(current, blob != null ? blob : ledger.blobOf(current));
            } catch (MediaIntegrityException e) {
                Optional<MediaEntry> now = ledger.current(current);
                if (now.isEmpty()) {
                    throw MediaNotFoundException.entry(entry.getId());
                }
                if (attempt >= MAX_MOVES_FOLLOWED || now.get().blobId().equals(current.blobId())) {
                    throw e;
                }
                current = now.get();
                blob = null;
            }
        }
    }

    private InputStream openRange(MediaEntry entry, MediaBlob blob, long offset, long length) {
        long available = Math.min(length, entry.getLength() - offset);
        MediaConnection connection = filesystems.connect(blob.getFsKey());
        try {
            if (blob.getCompress() == null) {
                return rawRange(connection, entry, blob, offset, available);
            }
            InputStream stored = verified(openStored(connection, entry, blob), blob, 0, describe(entry));
            InputStream original = decompressing(entry, blob, stored);
            skipExactly(original, offset, entry);
            return new ConnectionBoundInputStream(new RangeInputStream(original, available), connection, original);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Reads the blocks the range overlaps, checks them, and hands over the range. */
    private InputStream rawRange(MediaConnection connection, MediaEntry entry, MediaBlob blob, long offset, long length) {
        BlockChecksums blocks = blob.blocks();
        if (blocks.isEmpty() || length == 0) {
            return new ConnectionBoundInputStream(openStored(connection, entry, blob, offset, length), connection);
        }
        int first = blocks.blockOf(offset);
        long from = (long) first * blocks.blockSize();
        long to = Math.min(blob.getStoredLength(), ((long) blocks.blockOf(offset + length - 1) + 1) * blocks.blockSize());
        InputStream checked = verified(openStored(connection, entry, blob, from, to - from), blob, first, describe(entry));
        skipExactly(checked, offset - from, entry);
        return new ConnectionBoundInputStream(new RangeInputStream(checked, length), connection, checked);
    }

    private InputStream openStored(MediaConnection connection, MediaEntry entry, MediaBlob blob) {
        return openStored(connection, entry, blob, 0, -1);
    }

    /**
     * The stored bytes (all of them when {@code length} is negative). Missing bytes of an entry that was
     * deleted meanwhile (garbage collection may follow a delete at once) are "not found", as the entry is;
     * missing bytes of an entry that still exists are lost bytes.
     */
    private InputStream openStored(MediaConnection connection, MediaEntry entry, MediaBlob blob, long offset, long length) {
        try {
            return length < 0 ? connection.read(blob.getStorageKey()) : connection.read(blob.getStorageKey(), offset, length);
        } catch (MediaIntegrityException missing) {
            if (!ledger.holds(entry)) {
                throw MediaNotFoundException.entry(entry.getId());
            }
            throw missing;
        }
    }

    /** Stored bytes from the start of block {@code firstBlock}, checked block by block where the ledger can. */
    private static InputStream verified(InputStream stored, MediaBlob blob, int firstBlock, String description) {
        BlockChecksums blocks = blob.blocks();
        return blocks.isEmpty() ? stored
                : new BlockVerifyingInputStream(stored, blocks, firstBlock, blob.getStoredLength(), description);
    }

    private static InputStream decompressing(MediaEntry entry, MediaBlob blob, InputStream stored) {
        try {
            return blob.getCompress().decompressing(stored);
        } catch (IOException e) {
            closeQuietly(stored);
            throw new MediaIntegrityException(describe(entry) + " cannot be decompressed as " + blob.getCompress(), e);
        }
    }

    private static void skipExactly(InputStream in, long n, MediaEntry entry) {
        try {
            in.skipNBytes(n);
        } catch (IOException e) {
            closeQuietly(in);
            throw new MediaIntegrityException(describe(entry) + " end before the " + entry.getLength()
                    + " bytes its entry records", e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing after a failure: the failure is what the caller needs to hear about.
        }
    }

    static String describe(MediaEntry entry) {
        return "The stored bytes of entry " + entry.getId() + " on filesystem '" + entry.getFsKey() + "'";
    }
}
