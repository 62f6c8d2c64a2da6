package io.fluvius.media.connector.spi.backend;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.fluvius.media.connector.BlobInfo;
import io.fluvius.media.connector.BlobNotFoundException;
import io.fluvius.media.connector.MediaStorageException;

/**
 * The narrow seam between the connector and one kind of storage; one small class per protocol sits
 * behind it. An instance serves one filesystem and is shared by every connection to it, so it is
 * thread-safe. Keys arrive already validated by the connector. Only {@link MediaStorageException}s
 * leave an implementation: no type of the library underneath (jclouds, a native SDK) crosses this
 * interface, so one protocol can change library without the connector noticing.
 */
public interface StorageBackend extends AutoCloseable {

    /**
     * Streams {@code data} to {@code key}, replacing what was there; the bytes are durable when this
     * returns, and a failed write leaves no object under {@code key}. Reads {@code data} to its end and
     * never closes it.
     *
     * @return the number of bytes stored
     */
    long write(String key, InputStream data);

    /** The whole object, streamed; the caller closes it. @throws BlobNotFoundException */
    InputStream read(String key);

    /**
     * At most {@code length} bytes from {@code offset}, served by the storage as a range (the rest of
     * the object is never read); empty when {@code offset} is at or past the end.
     *
     * @throws BlobNotFoundException
     */
    InputStream read(String key, long offset, long length);

    Optional<BlobInfo> stat(String key);

    boolean exists(String key);

    /** The object as a regular file on this machine, for local stores only (see MediaConnection.localFile). */
    default Optional<Path> localFile(String key) {
        return Optional.empty();
    }

    /** @return {@code true} when an object was deleted */
    boolean delete(String key);

    /** Renames, replacing {@code target}; the source is gone afterwards. @throws BlobNotFoundException */
    void move(String source, String target);

    /** Copies within this filesystem, replacing {@code target}. @throws BlobNotFoundException */
    void copy(String source, String target);

    /**
     * Aborts uploads started before {@code startedBefore} that never completed (see
     * MediaConnection.abortStaleUploads); 0 where the store leaves no such uploads or drops them itself.
     *
     * @return how many were aborted
     */
    default int abortStaleUploads(java.time.Instant startedBefore) {
        return 0;
    }

    /** Every object whose key starts with {@code prefix}, in key order. */
    List<BlobInfo> list(String prefix);

    /**
     * Whether the storage as a whole still answers. Asked after a failure, to tell a failed request
     * (the connection stays usable) from a broken store (the connection is reported broken).
     */
    boolean isUsable();

    /** Releases what the backend holds; idempotent. */
    @Override
    void close();
}
