package io.fluvius.media.connector.spi;

import java.util.Objects;

import javax.naming.Reference;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.connector.StorageUnavailableException;
import io.fluvius.media.connector.UnknownFilesystemException;

/**
 * The factory applications look up (or build in Java SE). Every connection goes through the
 * {@link ConnectionManager}, the container's pooling one or the non-managed one, so that both modes run
 * the same code from here on.
 */
public final class MediaConnectionFactoryImpl implements MediaConnectionFactory {

    private static final long serialVersionUID = 1L;

    private final MediaManagedConnectionFactory managedFactory;
    private final ConnectionManager connectionManager;
    private Reference reference;

    MediaConnectionFactoryImpl(MediaManagedConnectionFactory managedFactory, ConnectionManager connectionManager) {
        this.managedFactory = managedFactory;
        this.connectionManager = connectionManager;
    }

    @Override
    public MediaConnection getConnection() {
        return getConnection(managedFactory.getFsKey());
    }

    @Override
    public MediaConnection getConnection(String fsKey) {
        Objects.requireNonNull(fsKey, "fsKey");
        managedFactory.registry().requireOpen();
        // Checked here, before the pool: a failure inside it would come back wrapped, or cost a connection.
        if (!managedFactory.registry().isKnown(fsKey)) {
            throw new UnknownFilesystemException(fsKey);
        }
        try {
            return (MediaConnection) connectionManager.allocateConnection(managedFactory,
                    new MediaConnectionRequestInfo(fsKey));
        } catch (ResourceException e) {
            throw unwrap(fsKey, e);
        }
    }

    @Override
    public void register(FilesystemSpec spec) {
        Objects.requireNonNull(spec, "spec");
        managedFactory.registry().register(spec);
    }

    @Override
    public java.util.List<FilesystemSpec> definitions() {
        return managedFactory.registry().definitions();
    }

    @Override
    public boolean isKnown(String fsKey) {
        return managedFactory.registry().isKnown(fsKey);
    }

    @Override
    public String getFsKey() {
        return managedFactory.getFsKey();
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    /** Containers wrap what the managed connection threw; callers get the driver's own exception back. */
    private static MediaStorageException unwrap(String fsKey, ResourceException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MediaStorageException ours) {
                return ours;
            }
        }
        return new StorageUnavailableException("No connection to filesystem '" + fsKey + "' could be obtained: "
                + e.getMessage(), e);
    }
}
