package io.fluvius.media.core;

/** The storage backend of a filesystem cannot be reached. */
public class FilesystemUnavailableException extends RuntimeException implements MediaException {

    public FilesystemUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "media.filesystem-unavailable";
    }
}
