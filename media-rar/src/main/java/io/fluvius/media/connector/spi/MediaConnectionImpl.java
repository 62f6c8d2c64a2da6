package io.fluvius.media.connector.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.fluvius.media.connector.BlobInfo;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.connector.SourceFailedException;
import io.fluvius.media.connector.StorageUnavailableException;
import io.fluvius.media.connector.spi.backend.StorageBackend;

/**
 * The handle an application holds: validates keys, then delegates to the filesystem's shared backend.
 * Owned by one {@link MediaManagedConnection} at a time (the container may move it). Once closed, or
 * invalidated by its managed connection's cleanup, every operation fails with "connection is closed".
 */
public final class MediaConnectionImpl implements MediaConnection {

    private final String fsKey;
    private final BackendLease lease;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile MediaManagedConnection owner;

    MediaConnectionImpl(MediaManagedConnection owner, String fsKey, BackendLease lease) {
        this.owner = owner;
        this.fsKey = fsKey;
        this.lease = lease;
    }

    @Override
    public String fsKey() {
        return fsKey;
    }

    /**
     * The caller's stream is watched here, once for every backend: when it failed, the write fails with
     * {@link SourceFailedException} carrying exactly what it threw, whatever the backend made of it.
     */
    @Override
    public long write(String key, InputStream data) {
        Objects.requireNonNull(data, "data");
        String validKey = StorageKeys.requireValid(key);
        SourceStream source = new SourceStream(data);
        long written;
        try {
            written = use(backend -> backend.write(validKey, source));
        } catch (MediaStorageException e) {
            throw source.failure() == null ? e : sourceFailed(validKey, source.failure());
        }
        if (source.failure() != null) {
            // A backend swallowed the failure and stored what it had: that is a truncated object.
            deleteQuietly(validKey);
            throw sourceFailed(validKey, source.failure());
        }
        return written;
    }

    private SourceFailedException sourceFailed(String key, Throwable failure) {
        return new SourceFailedException("Reading the data to store under '" + key + "' on filesystem '" + fsKey
                + "' failed; nothing was stored", failure);
    }

    private void deleteQuietly(String key) {
        try {
            use(backend -> backend.delete(key));
        } catch (MediaStorageException ignored) {
            // The write already failed; what it left is an object without an entry, garbage to collect.
        }
    }

    @Override
    public InputStream read(String key) {
        return use(backend -> backend.read(StorageKeys.requireValid(key)));
    }

    @Override
    public InputStream read(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("A range needs offset >= 0 and length >= 0, not "
                    + offset + " and " + length);
        }
        return use(backend -> backend.read(StorageKeys.requireValid(key), offset, length));
    }

    @Override
    public boolean exists(String key) {
        return use(backend -> backend.exists(StorageKeys.requireValid(key)));
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        return use(backend -> backend.stat(StorageKeys.requireValid(key)));
    }

    @Override
    public boolean delete(String key) {
        return use(backend -> backend.delete(StorageKeys.requireValid(key)));
    }

    @Override
    public Optional<Path> localFile(String key) {
        return use(backend -> backend.localFile(StorageKeys.requireValid(key)));
    }

    @Override
    public void move(String source, String target) {
        use(backend -> {
            backend.move(StorageKeys.requireValid(source), StorageKeys.requireValid(target));
            return null;
        });
    }

    @Override
    public void copy(String source, String target) {
        use(backend -> {
            backend.copy(StorageKeys.requireValid(source), StorageKeys.requireValid(target));
            return null;
        });
    }

    /** Streams through a fixed buffer from this backend into {@code target}'s write; nothing is staged. */
    @Override
    public long copyTo(String source, MediaConnection target, String targetKey) {
        Objects.requireNonNull(target, "target");
        return use(backend -> {
            try (InputStream in = backend.read(StorageKeys.requireValid(source))) {
                return target.write(targetKey, in);
            } catch (IOException closing) {
                throw new StorageUnavailableException("Filesystem '" + fsKey + "' failed closing '" + source + "'",
                        closing);
            }
        });
    }

    @Override
    public int abortStaleUploads(java.time.Instant startedBefore) {
        Objects.requireNonNull(startedBefore, "startedBefore");
        return use(backend -> backend.abortStaleUploads(startedBefore));
    }

    @Override
    public List<BlobInfo> list(String prefix) {
        return use(backend -> backend.list(StorageKeys.requireValidPrefix(prefix)));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            lease.release();
            owner.handleClosed(this);
        }
    }

    /** The managed connection is being cleaned up: the handle dies without a close event. */
    void invalidate() {
        if (closed.compareAndSet(false, true)) {
            lease.release();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    MediaManagedConnection owner() {
        return owner;
    }

    void reassignTo(MediaManagedConnection newOwner) {
        owner = newOwner;
    }

    private <T> T use(Function<StorageBackend, T> operation) {
        if (closed.get()) {
            throw new MediaStorageException("Media connection is closed (filesystem '" + fsKey
                    + "'); get a new one from the MediaConnectionFactory");
        }
        StorageBackend backend = lease.backend();
        try {
            return operation.apply(backend);
        } catch (StorageUnavailableException e) {
            // One failed request is the caller's to handle; a store that stopped answering breaks the connection.
            if (!backend.isUsable()) {
                lease.reportBroken();
                owner.connectionFailed(this, e);
            }
            throw e;
        }
    }
}
