package io.fluvius.media.connector.spi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.connector.StorageUnavailableException;
import io.fluvius.media.connector.UnknownFilesystemException;
import io.fluvius.media.connector.spi.backend.Protocol;
import io.fluvius.media.connector.spi.backend.StorageBackend;

/**
 * The filesystems one resource adapter (or one non-managed factory) can reach, by fsKey: those of its
 * connection definitions and those registered at run time. Each has at most one open backend, opened
 * at first use and shared by every connection to it. Replacing a definition retires the old backend:
 * connections that hold it keep working, and it closes when the last of them lets go.
 */
final class FilesystemRegistry {

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Makes {@code spec} reachable under its key, replacing a different definition; defining the same
     * spec again changes nothing (its open backend stays).
     *
     * @throws io.fluvius.media.connector.InvalidFilesystemException for an unknown protocol or a bad parameter
     */
    void define(FilesystemSpec spec) {
        requireOpen();
        Protocol.of(spec).check(spec);
        Slot[] replaced = new Slot[1];
        slots.compute(spec.fsKey(), (fsKey, current) -> {
            if (current != null && current.spec.equals(spec)) {
                return current;
            }
            replaced[0] = current;
            return new Slot(spec);
        });
        if (replaced[0] != null) {
            replaced[0].retire();
        }
    }

    boolean isKnown(String fsKey) {
        return fsKey != null && slots.containsKey(fsKey);
    }

    /**
     * The filesystem's backend, opened if need be, held until the lease is released.
     *
     * @throws UnknownFilesystemException when nothing is defined under {@code fsKey}
     */
    BackendLease lease(String fsKey) {
        requireOpen();
        Slot slot = fsKey == null ? null : slots.get(fsKey);
        if (slot == null) {
            throw new UnknownFilesystemException(fsKey);
        }
        return slot.lease();
    }

    /** Closes every backend, leased or not: the adapter is stopping. */
    void close() {
        closed = true;
        slots.values().forEach(Slot::closeNow);
        slots.clear();
    }

    private void requireOpen() {
        if (closed) {
            throw new MediaStorageException("The media driver is stopped (resource adapter stopped or factory "
                    + "closed); no filesystem is reachable");
        }
    }

    /** One definition and the backend opened for it. */
    private final class Slot {

        private final FilesystemSpec spec;
        private StorageBackend backend;
        private int leases;
        private boolean retired;
        private boolean stopped;

        Slot(FilesystemSpec spec) {
            this.spec = spec;
        }

        synchronized BackendLease lease() {
            if (stopped) {
                throw new StorageUnavailableException("Filesystem '" + spec.fsKey() + "' has been closed", null);
            }
            if (backend == null) {
                backend = Protocol.of(spec).open(spec);
            }
            leases++;
            return new BackendLease(backend, this::release, this::reportBroken);
        }

        private synchronized void release() {
            leases--;
            if (retired && leases == 0) {
                closeBackend();
            }
        }

        /** The next lease gets a freshly opened backend; this one closes once unleased. */
        private void reportBroken() {
            if (slots.replace(spec.fsKey(), this, new Slot(spec))) {
                retire();
            }
        }

        synchronized void retire() {
            retired = true;
            if (leases == 0) {
                closeBackend();
            }
        }

        synchronized void closeNow() {
            stopped = true;
            closeBackend();
        }

        private void closeBackend() {
            if (backend != null) {
                backend.close();
                backend = null;
            }
        }
    }
}
