package io.fluvius.media.core.pipeline;

import java.io.IOException;
import java.io.InputStream;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.io.RangeInputStream;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.core.storage.StorageErrors;

/**
 * Reads an entry's original bytes: opens the stored key and undoes compression on the fly. A range of
 * raw content is a ranged read on the backend; a range of compressed content is served by decompressing
 * and skipping, never by buffering the file.
 */
public class ReadPipeline {

    private final Filesystems filesystems;

    public ReadPipeline(Filesystems filesystems) {
        this.filesystems = filesystems;
    }

    /**
     * The whole original content, checked as it is read against the entry's length and CRC32C (its
     * SHA-256 for entries stored without one): a corrupt blob fails the read at its end.
     */
    public InputStream open(MediaEntry entry) {
        MediaConnection connection = filesystems.connect(entry.getFsKey());
        try {
            InputStream stored = connection.read(entry.getFsPath());
            InputStream original = entry.getCompress() == null ? stored : decompressing(entry, stored);
            return new ConnectionBoundInputStream(
                    VerifyingInputStream.of(original, entry, describe(entry)),
                    connection);
        } catch (RuntimeException e) {
            connection.close();
            throw translate(entry, e);
        }
    }

    /**
     * {@code length} original bytes from {@code offset}; fewer when the range passes the end.
     *
     * @throws InvalidMediaRequestException when offset or length is negative or offset is past the end
     */
    public InputStream open(MediaEntry entry, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new InvalidMediaRequestException("media.invalid-range",
                    "A range needs a non-negative offset and length, got offset " + offset + " length " + length);
        }
        if (offset > entry.getLength() || (offset == entry.getLength() && length > 0 && entry.getLength() > 0)) {
            throw new InvalidMediaRequestException("media.invalid-range",
                    "Offset " + offset + " is past the end of the " + entry.getLength() + " byte file");
        }
        if (offset == 0 && length >= entry.getLength()) {
            return open(entry);
        }
        long available = Math.min(length, entry.getLength() - offset);
        MediaConnection connection = filesystems.connect(entry.getFsKey());
        try {
            if (entry.getCompress() == null) {
                return new ConnectionBoundInputStream(connection.read(entry.getFsPath(), offset, available), connection);
            }
            InputStream original = decompressing(entry, connection.read(entry.getFsPath()));
            skipExactly(original, offset, entry);
            return new ConnectionBoundInputStream(new RangeInputStream(original, available), connection, original);
        } catch (RuntimeException e) {
            connection.close();
            throw translate(entry, e);
        }
    }

    private static InputStream decompressing(MediaEntry entry, InputStream stored) {
        try {
            return entry.getCompress().decompressing(stored);
        } catch (IOException e) {
            closeQuietly(stored);
            throw new MediaIntegrityException(describe(entry) + " cannot be decompressed as "
                    + entry.getCompress(), e);
        }
    }

    private static void skipExactly(InputStream in, long n, MediaEntry entry) {
        try {
            in.skipNBytes(n);
        } catch (IOException e) {
            closeQuietly(in);
            throw new MediaIntegrityException(describe(entry) + " ends before the " + entry.getLength()
                    + " bytes its entry records", e);
        }
    }

    private static RuntimeException translate(MediaEntry entry, RuntimeException e) {
        return e instanceof MediaStorageException storage ? StorageErrors.translate(entry.getFsKey(), storage) : e;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing after a failure: the failure is what the caller needs to hear about.
        }
    }

    private static String describe(MediaEntry entry) {
        return "The stored bytes of entry " + entry.getId() + " on filesystem '" + entry.getFsKey() + "'";
    }
}
