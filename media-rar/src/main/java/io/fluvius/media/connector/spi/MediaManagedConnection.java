package io.fluvius.media.connector.spi;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.IllegalStateException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;

import io.fluvius.media.connector.MediaStorageException;

/**
 * What the container pools. The physical resource is the filesystem's backend, which the adapter
 * already shares per fsKey, so a managed connection is not tied to one filesystem: each handle it gives
 * out leases the backend of the fsKey it was asked for. That way every pooled instance matches every
 * request, and asking for another fsKey never makes the pool destroy a connection that did not match.
 * It tracks every handle it has given out, so that cleanup and destroy really invalidate them.
 */
public final class MediaManagedConnection implements ManagedConnection {

    private static final String NOT_TRANSACTIONAL = "Fluvius Media connections take part in no transaction "
            + "(NoTransaction): each write is durable when it returns, and the core publishes by rename";

    private final MediaManagedConnectionFactory factory;
    private final FilesystemRegistry registry;
    private final Set<MediaConnectionImpl> handles = ConcurrentHashMap.newKeySet();
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean destroyed;
    private PrintWriter logWriter;

    MediaManagedConnection(MediaManagedConnectionFactory factory, FilesystemRegistry registry) {
        this.factory = factory;
        this.registry = registry;
    }

    MediaManagedConnectionFactory factory() {
        return factory;
    }

    /**
     * A new handle on the filesystem the request names (the factory's own when it names none). A
     * filesystem that cannot be leased (unknown, or its backend fails to open) is a {@link ResourceException}
     * whose cause is the driver's exception, the contract containers handle.
     */
    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        requireAlive();
        String fsKey = info instanceof MediaConnectionRequestInfo request ? request.fsKey() : factory.getFsKey();
        BackendLease lease;
        try {
            lease = registry.lease(fsKey);
        } catch (MediaStorageException e) {
            throw new ResourceException(e.getMessage(), e);
        }
        MediaConnectionImpl handle = new MediaConnectionImpl(this, fsKey, lease);
        handles.add(handle);
        return handle;
    }

    /** The container moves a handle here from another managed connection (connection sharing). */
    @Override
    public void associateConnection(Object connection) throws ResourceException {
        requireAlive();
        if (!(connection instanceof MediaConnectionImpl handle)) {
            throw new ResourceException("Not a Fluvius Media connection handle: "
                    + (connection == null ? "null" : connection.getClass().getName()));
        }
        if (handle.isClosed()) {
            throw new IllegalStateException("A closed connection handle cannot be associated");
        }
        MediaManagedConnection previous = handle.owner();
        if (previous != this) {
            // Else the previous owner's cleanup would invalidate a handle that has moved on.
            previous.forget(handle);
            handle.reassignTo(this);
            handles.add(handle);
        }
    }

    void forget(MediaConnectionImpl handle) {
        handles.remove(handle);
    }

    /** Invalidates every outstanding handle; this managed connection stays reusable. */
    @Override
    public void cleanup() {
        for (MediaConnectionImpl handle : handles) {
            handle.invalidate();
        }
        handles.clear();
    }

    @Override
    public void destroy() {
        destroyed = true;
        cleanup();
        listeners.clear();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException(NOT_TRANSACTIONAL);
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException(NOT_TRANSACTIONAL);
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new MediaManagedConnectionMetaData();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** The application closed a handle: the container may return this managed connection to its pool. */
    void handleClosed(MediaConnectionImpl handle) {
        handles.remove(handle);
        fire(ConnectionEvent.CONNECTION_CLOSED, handle, null, ConnectionEventListener::connectionClosed);
    }

    /** The store behind a handle stopped answering: the container should discard this managed connection. */
    void connectionFailed(MediaConnectionImpl handle, Exception cause) {
        fire(ConnectionEvent.CONNECTION_ERROR_OCCURRED, handle, cause, ConnectionEventListener::connectionErrorOccurred);
    }

    private void fire(int type, MediaConnectionImpl handle, Exception cause,
            BiConsumer<ConnectionEventListener, ConnectionEvent> delivery) {
        ConnectionEvent event = cause == null ? new ConnectionEvent(this, type) : new ConnectionEvent(this, type, cause);
        event.setConnectionHandle(handle);
        for (ConnectionEventListener listener : listeners) {
            delivery.accept(listener, event);
        }
    }

    private void requireAlive() throws IllegalStateException {
        if (destroyed) {
            throw new IllegalStateException("This managed connection has been destroyed");
        }
    }
}
