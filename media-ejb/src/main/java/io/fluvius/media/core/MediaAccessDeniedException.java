package io.fluvius.media.core;

/** The caller lacks the role the operation needs. */
public class MediaAccessDeniedException extends SecurityException implements MediaException {

    public MediaAccessDeniedException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "media.access-denied";
    }
}
