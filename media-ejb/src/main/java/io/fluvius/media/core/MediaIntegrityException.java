package io.fluvius.media.core;

/** An entry exists but its stored bytes are missing or corrupt: never answered with wrong bytes. */
public class MediaIntegrityException extends RuntimeException implements MediaException {

    public MediaIntegrityException(String message) {
        super(message);
    }

    public MediaIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "media.integrity";
    }
}
