package io.fluvius.media.connector;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A handle on one filesystem that moves bytes by key, like a {@code java.sql.Connection} moves rows.
 * Keys are relative, '/'-separated paths chosen by the caller; the connection never interprets them
 * beyond rejecting, with {@link InvalidKeyException}, ones that could escape the storage root or confuse
 * a store: {@code .} or {@code ..} segments, a leading '/', empty segments, backslashes, control
 * characters, more than 1024 characters.
 * Not thread-safe; close it when done (try-with-resources). Once closed (or invalidated by the
 * container), every operation throws a {@link MediaStorageException} saying the connection is closed.
 * Read the streams it returns before closing it: a backend may tie them to the connection.
 */
public interface MediaConnection extends AutoCloseable {

    /** Key of the filesystem this connection reaches. */
    String fsKey();

    /**
     * Streams {@code data} to {@code key}, replacing what was there. When this returns, the bytes are
     * durable on the backend. The stream is read to its end but not closed. When the write fails, nothing
     * new is under {@code key} (what was there before stays); when {@code data} itself failed, the
     * exception is a plain {@link MediaStorageException} whose cause is the stream's.
     *
     * @return the number of bytes written
     */
    long write(String key, InputStream data) throws MediaStorageException;

    /** The whole object; the caller closes the stream. @throws BlobNotFoundException */
    InputStream read(String key) throws MediaStorageException;

    /**
     * {@code length} bytes from {@code offset} (fewer at the end of the object, none from an offset at or
     * past the end); the backend serves the range, the whole object is never read.
     *
     * @throws BlobNotFoundException    when there is no such object
     * @throws IllegalArgumentException when {@code offset} or {@code length} is negative
     */
    InputStream read(String key, long offset, long length) throws MediaStorageException;

    boolean exists(String key) throws MediaStorageException;

    /** Size and last-modified time, or empty when there is no such object. */
    Optional<BlobInfo> stat(String key) throws MediaStorageException;

    /** @return {@code true} when something was deleted */
    boolean delete(String key) throws MediaStorageException;

    /**
     * Renames within this filesystem, atomically where the backend can (a local directory),
     * otherwise by copy-then-delete. An existing {@code target} is replaced.
     */
    void move(String source, String target) throws MediaStorageException;

    /** Copies within this filesystem (server-side where the backend can). */
    void copy(String source, String target) throws MediaStorageException;

    /** Copies to another filesystem, streaming; {@code target} may be a connection of another factory. */
    long copyTo(String source, MediaConnection target, String targetKey) throws MediaStorageException;

    /**
     * The object as a regular file on this machine, when the filesystem is a local directory (protocol
     * {@code file}); empty for every other store and when there is no such object. It lets a server send
     * the bytes without copying them through the JVM ({@code sendfile}). Read it only, and open it once:
     * a write to the same key replaces the file, a delete removes it, and an open channel keeps reading
     * what it opened.
     */
    default Optional<Path> localFile(String key) throws MediaStorageException {
        return Optional.empty();
    }

    /**
     * Aborts the uploads of large objects that were started before {@code startedBefore} and never
     * completed (an S3 multipart upload whose writer died before completing or aborting it), releasing the
     * storage their parts hold. Objects are never touched, nor uploads started since. Garbage collection
     * calls it with "now minus the grace period", outside any transaction; an upload still running that
     * long ago is aborted too, and its write fails. Stores without such uploads return 0 (see each
     * protocol in the README).
     *
     * @return how many uploads were aborted
     */
    default int abortStaleUploads(java.time.Instant startedBefore) throws MediaStorageException {
        return 0;
    }

    /** Every key that starts with {@code prefix} ("" for all), in key order. */
    List<BlobInfo> list(String prefix) throws MediaStorageException;

    /** Returns the handle to its pool (managed) or releases it (non-managed). Idempotent. */
    @Override
    void close();
}
