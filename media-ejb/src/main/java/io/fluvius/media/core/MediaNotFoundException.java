package io.fluvius.media.core;

/** No such entry, filesystem or job execution. */
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

    public static MediaNotFoundException jobExecution(long executionId) {
        return new MediaNotFoundException("media.job-execution-not-found", "No job execution with id " + executionId);
    }

    @Override
    public String code() {
        return code;
    }
}
