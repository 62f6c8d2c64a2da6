package io.fluvius.media.connector.spi.backend;

import java.nio.file.NoSuchFileException;

import org.jclouds.blobstore.KeyNotFoundException;
import org.jclouds.http.HttpResponseException;

import io.fluvius.media.connector.BlobNotFoundException;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.connector.StorageUnavailableException;

/**
 * The one place where what storage libraries and the disk throw becomes the driver's exceptions.
 * Messages name the filesystem and key but never a server path; the cause keeps the detail for logs.
 */
final class BackendFailures {

    private static final int NOT_FOUND = 404;

    private final String fsKey;

    BackendFailures(String fsKey) {
        this.fsKey = fsKey;
    }

    /** A failed read, stat, move, copy or delete: a missing object is {@link BlobNotFoundException}. */
    MediaStorageException translate(String key, Exception failure) {
        if (failure instanceof MediaStorageException alreadyOurs) {
            return alreadyOurs;
        }
        // jclouds wraps checked exceptions (Throwables.propagate), so the telling one may be deep.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KeyNotFoundException || t instanceof NoSuchFileException || isHttpNotFound(t)) {
                return new BlobNotFoundException(fsKey, key);
            }
        }
        return unavailable(key, failure);
    }

    /**
     * A failed write. Nothing is "not found" on a write: a missing directory or container means the store
     * itself is broken. (When the caller's stream failed, the connection reports that instead.)
     */
    MediaStorageException writeFailed(String key, Exception failure) {
        if (failure instanceof MediaStorageException alreadyOurs) {
            return alreadyOurs;
        }
        return unavailable(key, failure);
    }

    StorageUnavailableException unavailable(String key, Exception failure) {
        String what = key == null ? "" : " on '" + key + "'";
        return new StorageUnavailableException("Filesystem '" + fsKey + "' failed" + what + " ("
                + failure.getClass().getSimpleName() + ")", failure);
    }

    private static boolean isHttpNotFound(Throwable t) {
        return t instanceof HttpResponseException http
                && http.getResponse() != null
                && http.getResponse().getStatusCode() == NOT_FOUND;
    }
}
