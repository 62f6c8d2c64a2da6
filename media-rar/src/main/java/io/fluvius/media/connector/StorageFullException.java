package io.fluvius.media.connector;

/**
 * The backend has no room left for the bytes of a write: the disk under a {@code file} filesystem is full (or its
 * quota reached), or an object store answered 507 Insufficient Storage. Nothing of the write is kept; the
 * filesystem still serves reads and deletes, and a write fits again once space is freed.
 */
public class StorageFullException extends MediaStorageException {

    public StorageFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
