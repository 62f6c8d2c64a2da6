package io.fluvius.media.web.http;

import io.fluvius.media.core.MediaException;

/** A {@code Range} that lies wholly past the end: 416, with {@code Content-Range: bytes *}{@code /length}. */
public class RangeNotSatisfiableException extends RuntimeException implements MediaException {

    private final long completeLength;

    public RangeNotSatisfiableException(long completeLength) {
        super("The range starts past the end of the " + completeLength + " byte file");
        this.completeLength = completeLength;
    }

    public long completeLength() {
        return completeLength;
    }

    @Override
    public String code() {
        return "media.range-not-satisfiable";
    }
}
