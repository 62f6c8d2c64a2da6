package io.fluvius.media.core.secrets;

import io.fluvius.media.core.MediaException;

/**
 * A secret this server cannot open: it has no master key, the key a value was sealed with is missing from its
 * credential store, or the value was altered. An operator's problem (the key ring differs between nodes, or the database was tampered
 * with), reported without the secret: a 500 {@code media.secret-unavailable}, its details in the log.
 */
public class SecretUnavailableException extends IllegalStateException implements MediaException {

    private static final long serialVersionUID = 1L;

    public SecretUnavailableException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "media.secret-unavailable";
    }
}
