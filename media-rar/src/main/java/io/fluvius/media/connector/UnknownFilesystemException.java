package io.fluvius.media.connector;

/** No connection definition and no registration has this filesystem key. */
public class UnknownFilesystemException extends MediaStorageException {

    public UnknownFilesystemException(String fsKey) {
        super("Unknown filesystem '" + fsKey + "': declare it as a connection definition or register it first");
    }
}
