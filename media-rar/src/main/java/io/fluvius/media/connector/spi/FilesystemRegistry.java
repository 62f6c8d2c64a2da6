package io.fluvius.media.connector.spi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.connector.StorageUnavailableException;
import io.fluvius.media.connector.UnknownFilesystemException;
import io.fluvius.media.connector.spi.backend.Protocol;
import io.fluvius.media.connector.spi.backend.StorageBackend;

/**
 * The filesystems one resource adapter (or one non-managed factory) can reach, by fsKey: those of its
 * connection definitions (declared) and those registered at run time, which never replace a declared
 * one. Each has at most one open backend, opened at first use and shared by every connection to it.
 * Replacing a definition retires the old backend: connections that hold it keep working, and it closes
 * when the last of them lets go.
 */
final class FilesystemRegistry {

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * A connection definition's filesystem: reachable under its key, replacing whatever was defined
     * there (the server configuration wins). Defining the same spec again changes nothing (its open
     * backend stays).
     *
     * @throws InvalidFilesystemException for an unknown protocol or a bad parameter
     */
    void declare(FilesystemSpec spec) {
        define(spec, true);
    }

    /**
     * A filesystem registered at run time. It may replace an earlier registration but never a
     * connection definition: entries stored there would silently point at other storage.
     *
     * @throws InvalidFilesystemException for an unknown protocol, a bad parameter, or the key of a connection
     *                                    definition
     */
    void register(FilesystemSpec spec) {
        define(spec, false);
    }

    private void define(FilesystemSpec spec, boolean declared) {
        requireOpen();
        Protocol.of(spec).check(spec);
        Slot[] replaced = new Slot[1];
        slots.compute(spec.fsKey(), (fsKey, current) -> {
            if (current != null && !declared && current.declared) {
                throw new InvalidFilesystemException("Filesystem '" + fsKey + "' is defined by a connection "
                        + "definition (or is the factory's own) and cannot be registered over; change that "
                        + "definition, or register under another key");
            }
            if (current != null && current.spec.equals(spec) && current.declared == declared) {
                return current;
            }
            replaced[0] = current;
            return new Slot(spec, declared);
        });
        if (replaced[0] != null) {
            replaced[0].retire();
        }
    }

    boolean isKnown(String fsKey) {
        return fsKey != null && slots.containsKey(fsKey);
    }

    /** Every definition, declared and registered. */
    java.util.List<FilesystemSpec> definitions() {
        return slots.values().stream().map(slot -> slot.spec).toList();
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

    /** @throws MediaStorageException saying the driver is stopped, once {@link #close()} has run */
    void requireOpen() {
        if (closed) {
            throw stopped();
        }
    }

    private static MediaStorageException stopped() {
        return new MediaStorageException("The media driver is stopped (resource adapter stopped or driver "
                + "closed); no filesystem is reachable");
    }

    /** One definition and the backend opened for it. */
    private final class Slot {

        private final FilesystemSpec spec;
        /** From a connection definition (or a non-managed factory's own spec), not a run-time registration. */
        private final boolean declared;
        private StorageBackend backend;
        private int leases;
        private boolean retired;
        private volatile boolean stopped;

        Slot(FilesystemSpec spec, boolean declared) {
            this.spec = spec;
            this.declared = declared;
        }

        synchronized BackendLease lease() {
            if (stopped) {
                throw new StorageUnavailableException("Filesystem '" + spec.fsKey() + "' has been closed", null);
            }
            if (backend == null) {
                backend = Protocol.of(spec).open(spec);
            }
            leases++;
            return new BackendLease(backend, this::release, this::reportBroken, () -> {
                if (stopped) {
                    throw stopped();
                }
            });
        }

        private synchronized void release() {
            leases--;
            if (retired && leases == 0) {
                closeBackend();
            }
        }

        /** The next lease gets a freshly opened backend; this one closes once unleased. */
        private void reportBroken() {
            if (slots.replace(spec.fsKey(), this, new Slot(spec, declared))) {
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
