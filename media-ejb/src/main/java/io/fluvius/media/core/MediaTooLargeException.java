package io.fluvius.media.core;

/** The content is larger than the configured limit ({@code media.max-file-size}). */
public class MediaTooLargeException extends RuntimeException implements MediaException {

    private final long limit;

    public MediaTooLargeException(long limit) {
        super("Content exceeds the maximum file size of " + limit + " bytes (media.max-file-size)");
        this.limit = limit;
    }

    public MediaTooLargeException(long limit, String message) {
        super(message);
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    @Override
    public String code() {
        return "media.too-large";
    }
}
