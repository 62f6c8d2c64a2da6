package io.fluvius.media.core;

/**
 * The filesystem has no room left for the content (its disk is full, or its object store said so): the put or copy
 * is refused whole, nothing of it is kept, and what the filesystem already holds stays readable. Another filesystem,
 * or a retry once space is freed, can take the content.
 */
public class InsufficientStorageException extends RuntimeException implements MediaException {

    public InsufficientStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "media.insufficient-storage";
    }
}
