package io.fluvius.media.core;

/** Invalid parameters: a bad UUID, a negative limit, an unknown compression or protocol, a missing filename. */
public class InvalidMediaRequestException extends IllegalArgumentException implements MediaException {

    private final String code;

    public InvalidMediaRequestException(String message) {
        this("media.invalid-request", message);
    }

    public InvalidMediaRequestException(String code, String message) {
        super(message);
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
