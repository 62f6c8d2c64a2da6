package io.fluvius.media.core;

/** An operation of the contract that this version does not offer yet (501). */
public class MediaNotImplementedException extends RuntimeException implements MediaException {

    public MediaNotImplementedException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "media.not-implemented";
    }
}
