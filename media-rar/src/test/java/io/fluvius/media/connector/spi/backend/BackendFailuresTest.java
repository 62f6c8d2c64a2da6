package io.fluvius.media.connector.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;

import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;
import org.junit.jupiter.api.Test;

import io.fluvius.media.connector.StorageFullException;
import io.fluvius.media.connector.StorageUnavailableException;

/** A store without room is told apart from a store that failed, however the library wraps the disk's answer. */
class BackendFailuresTest {

    private final BackendFailures failures = new BackendFailures("small");

    @Test
    void aChannelWriteOnAFullDiskIsStorageFull() {
        var failed = failures.writeFailed("a/b", new IOException("No space left on device"));
        assertInstanceOf(StorageFullException.class, failed);
        assertEquals("Filesystem 'small' has no space left for 'a/b'", failed.getMessage());
    }

    @Test
    void aDirectoryCreatedOnAFullDiskIsStorageFullThoughTheMessageNamesThePath() {
        var enospc = new FileSystemException("/srv/data/media/filesystems/small/a", null, "No space left on device");
        assertInstanceOf(StorageFullException.class, failures.writeFailed("a/b", new UncheckedIOException(enospc)));
        assertFalse(failures.writeFailed("a/b", enospc).getMessage().contains("/srv"), "no server path");
    }

    @Test
    void anExceededQuotaIsStorageFull() {
        assertInstanceOf(StorageFullException.class, failures.writeFailed("k", new IOException("Disk quota exceeded")));
    }

    @Test
    void anObjectStoresInsufficientStorageAnswerIsStorageFullDeepInTheChain() {
        var response = HttpResponse.builder().statusCode(507).message("Insufficient Storage").build();
        var wrapped = new RuntimeException(new HttpResponseException("PUT failed", null, response));
        assertInstanceOf(StorageFullException.class, failures.writeFailed("k", wrapped));
        assertInstanceOf(StorageFullException.class, failures.translate("k", wrapped), "a copy into a full store");
    }

    @Test
    void otherWriteFailuresStayUnavailable() {
        assertInstanceOf(StorageUnavailableException.class, failures.writeFailed("k", new IOException("Input/output error")));
        var response = HttpResponse.builder().statusCode(500).message("Internal Server Error").build();
        assertInstanceOf(StorageUnavailableException.class,
                failures.writeFailed("k", new HttpResponseException("PUT failed", null, response)));
    }
}
