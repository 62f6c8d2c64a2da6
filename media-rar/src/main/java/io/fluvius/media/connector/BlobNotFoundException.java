package io.fluvius.media.connector;

/** The key names no object on the filesystem. */
public class BlobNotFoundException extends MediaStorageException {

    public BlobNotFoundException(String fsKey, String key) {
        super("No object '" + key + "' on filesystem '" + fsKey + "'");
    }
}
