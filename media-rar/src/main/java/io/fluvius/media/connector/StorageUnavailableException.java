package io.fluvius.media.connector;

/** The backend could not be reached or refused the operation for reasons of its own (I/O, network). */
public class StorageUnavailableException extends MediaStorageException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
