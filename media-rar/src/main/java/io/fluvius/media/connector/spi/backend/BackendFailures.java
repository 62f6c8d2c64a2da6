package io.fluvius.media.connector.spi.backend;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import org.jclouds.blobstore.KeyNotFoundException;
import org.jclouds.http.HttpResponseException;

import io.fluvius.media.connector.BlobNotFoundException;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.connector.StorageFullException;
import io.fluvius.media.connector.StorageUnavailableException;

/**
 * The one place where what storage libraries and the disk throw becomes the driver's exceptions.
 * Messages name the filesystem and key but never a server path; the cause keeps the detail for logs.
 */
final class BackendFailures {

    private static final int NOT_FOUND = 404;
    private static final int INSUFFICIENT_STORAGE = 507;

    /**
     * How the JDK reports ENOSPC and EDQUOT: the C library's own text, in the message of the {@code IOException}
     * (a channel's write) or the reason of the {@code FileSystemException} (a file or directory created).
     */
    private static final String[] FULL_DISK_REASONS = {"No space left on device", "Disk quota exceeded"};

    private final String fsKey;

    BackendFailures(String fsKey) {
        this.fsKey = fsKey;
    }

    /** A failed read, stat, move, copy or delete: a missing object is {@link BlobNotFoundException}. */
    MediaStorageException translate(String key, Exception failure) {
        if (failure instanceof MediaStorageException alreadyOurs) {
            return alreadyOurs;
        }
        if (isFull(failure)) {
            // A copy or move into a full store.
            return full(key, failure);
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
        if (isFull(failure)) {
            return full(key, failure);
        }
        return unavailable(key, failure);
    }

    StorageUnavailableException unavailable(String key, Exception failure) {
        String what = key == null ? "" : " on '" + key + "'";
        return new StorageUnavailableException("Filesystem '" + fsKey + "' failed" + what + " ("
                + failure.getClass().getSimpleName() + ")", failure);
    }

    private StorageFullException full(String key, Exception failure) {
        return new StorageFullException("Filesystem '" + fsKey + "' has no space left for '" + key + "'", failure);
    }

    /** ENOSPC or EDQUOT anywhere in the chain (jclouds wraps), or an object store's 507. */
    static boolean isFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException http && http.getResponse() != null
                    && http.getResponse().getStatusCode() == INSUFFICIENT_STORAGE) {
                return true;
            }
            if (t instanceof IOException) {
                String text = t instanceof FileSystemException fs && fs.getReason() != null
                        ? fs.getReason() : t.getMessage();
                if (text != null) {
                    for (String reason : FULL_DISK_REASONS) {
                        if (text.contains(reason)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static boolean isHttpNotFound(Throwable t) {
        return t instanceof HttpResponseException http
                && http.getResponse() != null
                && http.getResponse().getStatusCode() == NOT_FOUND;
    }
}
