package io.fluvius.media.connector;

import java.io.Serializable;

import jakarta.resource.Referenceable;

/**
 * Where callers get {@link MediaConnection}s, the way they get JDBC connections from a
 * {@code DataSource}. Bound in JNDI by the server (default {@code java:/eis/media/MediaConnectionFactory}),
 * or in plain Java SE from a driver, {@link MediaDriver#open(FilesystemSpec)}, which releases the backends
 * when closed.
 * Thread-safe; connections are not.
 */
public interface MediaConnectionFactory extends Serializable, Referenceable {

    /** A connection to this factory's own filesystem. */
    MediaConnection getConnection() throws MediaStorageException;

    /**
     * A connection to any filesystem the adapter knows: one declared as a connection definition,
     * or one registered at run time through {@link #register(FilesystemSpec)}.
     *
     * @throws UnknownFilesystemException when no filesystem has that key
     */
    MediaConnection getConnection(String fsKey) throws MediaStorageException;

    /**
     * Makes a filesystem reachable by {@link #getConnection(String)}; registering the same key again
     * replaces its definition (connections already open keep the old one until closed). The key of a
     * connection definition (or of a non-managed factory's own filesystem) cannot be registered over.
     *
     * @throws InvalidFilesystemException when the protocol is unknown, a required parameter is missing, or
     *                                    the key belongs to a connection definition
     */
    void register(FilesystemSpec spec) throws MediaStorageException;

    /** Whether {@link #getConnection(String)} would find this key without a registration. */
    boolean isKnown(String fsKey);

    /**
     * The definitions of every filesystem the adapter knows, declared and registered, parameters included:
     * for the server's own checks (a new root must not overlap an existing one). Hand none of it to users.
     */
    default java.util.List<FilesystemSpec> definitions() {
        return java.util.List.of();
    }

    /** The key of this factory's own filesystem. */
    String getFsKey();
}
