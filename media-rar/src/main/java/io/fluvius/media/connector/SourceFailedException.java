package io.fluvius.media.connector;

/**
 * The data handed to {@link MediaConnection#write} failed while it was being stored (a broken client
 * stream, a limit the caller's own stream enforces): the store is not at fault and nothing new is under
 * the key. {@link #getCause()} is exactly what the caller's stream threw, so that the caller can rethrow
 * its own failure.
 */
public class SourceFailedException extends MediaStorageException {

    public SourceFailedException(String message, Throwable sourceFailure) {
        super(message, sourceFailure);
    }
}
