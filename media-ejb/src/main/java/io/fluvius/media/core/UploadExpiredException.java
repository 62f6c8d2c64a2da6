package io.fluvius.media.core;

/**
 * A put or copy stalled longer than its upload lease (media.upload.lease) and garbage collection took back
 * what it had written: nothing was stored. Send it again.
 */
public class UploadExpiredException extends RuntimeException implements MediaException {

    public UploadExpiredException(String message) {
        super(message);
    }

    /** An upload to {@code fsKey} that stopped for longer than {@code lease}. */
    public static UploadExpiredException after(String fsKey, java.time.Duration lease) {
        return new UploadExpiredException("The upload to filesystem '" + fsKey + "' stopped for longer than its lease"
                + " of " + lease.toSeconds() + " s (media.upload.lease) and garbage collection took back what it"
                + " had written; nothing was stored: send it again");
    }

    @Override
    public String code() {
        return "media.upload-expired";
    }
}
