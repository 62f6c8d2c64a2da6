package io.fluvius.media.connector;

/**
 * Root of the driver's errors. Unchecked, like the rest of the product's exceptions; the core
 * translates each subtype into its own error (API.md §1).
 */
public class MediaStorageException extends RuntimeException {

    public MediaStorageException(String message) {
        super(message);
    }

    public MediaStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
