package io.fluvius.media.core;

/** No such entry, or no such filesystem. */
public class MediaNotFoundException extends RuntimeException implements MediaException {

    private final String code;

    private MediaNotFoundException(String code, String message) {
        super(message);
        this.code = code;
    }

    public static MediaNotFoundException entry(Object id) {
        return new MediaNotFoundException("media.not-found", "No media entry with id " + id);
    }

    public static MediaNotFoundException filesystem(String fsKey) {
        return new MediaNotFoundException("media.filesystem-not-found", "No filesystem with key '" + fsKey + "'");
    }

    @Override
    public String code() {
        return code;
    }
}
