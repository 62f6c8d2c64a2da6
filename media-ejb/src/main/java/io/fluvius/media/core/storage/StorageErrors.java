package io.fluvius.media.core.storage;

import io.fluvius.media.connector.BlobNotFoundException;
import io.fluvius.media.connector.InvalidFilesystemException;
import io.fluvius.media.connector.InvalidKeyException;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.connector.StorageFullException;
import io.fluvius.media.connector.UnknownFilesystemException;
import io.fluvius.media.core.FilesystemUnavailableException;
import io.fluvius.media.core.InsufficientStorageException;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.MediaNotFoundException;

/** The one place where the driver's errors become the core's (API.md §1). */
public final class StorageErrors {

    private StorageErrors() {
    }

    /**
     * @param fsKey the filesystem the operation addressed
     * @param e     what the driver threw
     */
    public static RuntimeException translate(String fsKey, MediaStorageException e) {
        if (e instanceof UnknownFilesystemException) {
            return MediaNotFoundException.filesystem(fsKey);
        }
        if (e instanceof InvalidFilesystemException) {
            return new InvalidMediaRequestException("media.invalid-filesystem", e.getMessage());
        }
        if (e instanceof InvalidKeyException) {
            return new InvalidMediaRequestException(e.getMessage());
        }
        if (e instanceof BlobNotFoundException) {
            // Callers only read keys that an entry points at: a missing object is lost bytes.
            return new MediaIntegrityException("Stored bytes are missing on filesystem '" + fsKey + "'", e);
        }
        if (e instanceof StorageFullException) {
            return new InsufficientStorageException("Filesystem '" + fsKey + "' has no space left for this content", e);
        }
        return new FilesystemUnavailableException("Filesystem '" + fsKey + "' is unavailable: " + e.getMessage(), e);
    }
}
