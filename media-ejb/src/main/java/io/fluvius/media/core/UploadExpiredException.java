package io.fluvius.media.core;

/**
 * A put or copy stalled longer than its upload lease (media.upload.lease) and garbage collection took back
 * what it had written: nothing was stored. Send it again.
 */
public class UploadExpiredException extends RuntimeException implements MediaException {

    public UploadExpiredException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "media.upload-expired";
    }
}
