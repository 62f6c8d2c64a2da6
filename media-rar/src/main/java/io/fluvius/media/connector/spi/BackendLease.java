package io.fluvius.media.connector.spi;

import java.util.concurrent.atomic.AtomicBoolean;

import io.fluvius.media.connector.spi.backend.StorageBackend;

/**
 * A connection handle's hold on its filesystem's shared backend: while any lease is out, a retired
 * backend (its definition replaced, or reported broken) stays open. Released exactly once.
 */
final class BackendLease {

    private final StorageBackend backend;
    private final Runnable onRelease;
    private final Runnable onBroken;
    private final Runnable requireOpen;
    private final AtomicBoolean released = new AtomicBoolean();

    /** @param requireOpen throws when the backend was closed under the lease (the driver stopped) */
    BackendLease(StorageBackend backend, Runnable onRelease, Runnable onBroken, Runnable requireOpen) {
        this.backend = backend;
        this.onRelease = onRelease;
        this.onBroken = onBroken;
        this.requireOpen = requireOpen;
    }

    /** @throws io.fluvius.media.connector.MediaStorageException when the driver has stopped */
    StorageBackend backend() {
        requireOpen.run();
        return backend;
    }

    /** The store stopped answering: later connections get a freshly opened backend. */
    void reportBroken() {
        onBroken.run();
    }

    void release() {
        if (released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }
}
