package io.fluvius.media.connector;

/** A key that is empty, absolute, or could escape the storage root. */
public class InvalidKeyException extends MediaStorageException {

    public InvalidKeyException(String key, String reason) {
        super("Invalid key '" + key + "': " + reason);
    }
}
