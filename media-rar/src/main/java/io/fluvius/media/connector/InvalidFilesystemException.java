package io.fluvius.media.connector;

/** A filesystem definition the driver cannot use: unknown protocol, missing or bad parameter, bad key. */
public class InvalidFilesystemException extends MediaStorageException {

    public InvalidFilesystemException(String message) {
        super(message);
    }
}
