package io.fluvius.media.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.fluvius.media.connector.BlobInfo;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.connector.SourceFailedException;
import io.fluvius.media.core.MediaSourceException;

/**
 * A driver connection whose failures are the core's exceptions (API.md §1), translated here once for
 * every call the core makes ({@link StorageErrors}). A write whose data failed rethrows the data's own
 * failure: the core's limits and checks (too large, checksum) come back as themselves, a broken client
 * stream as {@link MediaSourceException}.
 */
final class TranslatingConnection implements MediaConnection {

    private final MediaConnection connection;

    TranslatingConnection(MediaConnection connection) {
        this.connection = connection;
    }

    @Override
    public String fsKey() {
        return connection.fsKey();
    }

    @Override
    public long write(String key, InputStream data) {
        try {
            return connection.write(key, data);
        } catch (SourceFailedException e) {
            throw sourceFailure(e.getCause());
        } catch (MediaStorageException e) {
            throw StorageErrors.translate(fsKey(), e);
        }
    }

    @Override
    public InputStream read(String key) {
        return translated(() -> connection.read(key));
    }

    @Override
    public InputStream read(String key, long offset, long length) {
        return translated(() -> connection.read(key, offset, length));
    }

    @Override
    public boolean exists(String key) {
        return translated(() -> connection.exists(key));
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        return translated(() -> connection.stat(key));
    }

    @Override
    public boolean delete(String key) {
        return translated(() -> connection.delete(key));
    }

    @Override
    public void move(String source, String target) {
        translated(() -> {
            connection.move(source, target);
            return null;
        });
    }

    @Override
    public void copy(String source, String target) {
        translated(() -> {
            connection.copy(source, target);
            return null;
        });
    }

    /** The core streams between filesystems itself (checking what it reads); the driver's copy, translated. */
    @Override
    public long copyTo(String source, MediaConnection target, String targetKey) {
        return translated(() -> connection.copyTo(source, target, targetKey));
    }

    @Override
    public Optional<Path> localFile(String key) {
        return translated(() -> connection.localFile(key));
    }

    @Override
    public int abortStaleUploads(java.time.Instant startedBefore) {
        return translated(() -> connection.abortStaleUploads(startedBefore));
    }

    @Override
    public List<BlobInfo> list(String prefix) {
        return translated(() -> connection.list(prefix));
    }

    @Override
    public void close() {
        connection.close();
    }

    private <T> T translated(Supplier<T> call) {
        try {
            return call.get();
        } catch (MediaStorageException e) {
            throw StorageErrors.translate(fsKey(), e);
        }
    }

    private static RuntimeException sourceFailure(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof IOException io) {
            return new MediaSourceException(io);
        }
        return new IllegalStateException("The content to store failed", failure);
    }
}
