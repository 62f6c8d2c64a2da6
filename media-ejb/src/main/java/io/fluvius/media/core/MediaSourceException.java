package io.fluvius.media.core;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The caller's content could not be read to its end (a broken stream, a closed connection); nothing was stored. */
public class MediaSourceException extends UncheckedIOException implements MediaException {

    public MediaSourceException(IOException cause) {
        super("Reading the content failed: " + cause.getMessage(), cause);
    }

    public MediaSourceException(long bytesRead, IOException cause) {
        super("Reading the content failed after " + bytesRead + " bytes: " + cause.getMessage(), cause);
    }

    @Override
    public String code() {
        return "media.source-unreadable";
    }
}
