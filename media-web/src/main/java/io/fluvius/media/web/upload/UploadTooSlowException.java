package io.fluvius.media.web.upload;

import java.io.IOException;

import io.fluvius.media.core.MediaException;

/**
 * An upload's body arrived more slowly than {@code media.upload.min-rate} allows: the put is abandoned (nothing is
 * stored) and the connection closed, so that a client trickling bytes cannot hold a request thread for long.
 * Thrown by {@link MinimumRateStream} as the I/O error of the body it reads; the core reports it as the source's
 * failure, and the API answers 408 {@code media.upload-too-slow}.
 */
public class UploadTooSlowException extends IOException implements MediaException {

    public UploadTooSlowException(long bytes, long waitedMillis, long minimumBytesPerSecond) {
        super("The upload sent " + bytes + " bytes while the server waited " + waitedMillis
                + " ms for them, slower than the minimum of " + minimumBytesPerSecond
                + " bytes per second (media.upload.min-rate)");
    }

    @Override
    public String code() {
        return "media.upload-too-slow";
    }
}
