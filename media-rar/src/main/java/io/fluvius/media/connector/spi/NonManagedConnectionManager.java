package io.fluvius.media.connector.spi;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

/**
 * The connection manager outside a container (plain Java SE): no pool, no transactions. Each request
 * gets its own managed connection, destroyed when its handle closes. Backends are shared by the
 * factory's registry, so that costs an object, not a connection to the store. Everything else runs
 * the same code as in the server.
 */
final class NonManagedConnectionManager implements ConnectionManager {

    private static final long serialVersionUID = 1L;

    @Override
    public Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info)
            throws ResourceException {
        ManagedConnection managed = factory.createManagedConnection(null, info);
        managed.addConnectionEventListener(new DestroyWhenDone(managed));
        try {
            return managed.getConnection(null, info);
        } catch (ResourceException | RuntimeException e) {
            managed.destroy();
            throw e;
        }
    }

    /** Plays the pool's part: a closed or failed handle ends its managed connection. */
    private record DestroyWhenDone(ManagedConnection managed) implements ConnectionEventListener {

        @Override
        public void connectionClosed(ConnectionEvent event) {
            destroy();
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            destroy();
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
        }

        private void destroy() {
            try {
                managed.destroy();
            } catch (ResourceException e) {
                // Nothing is left to release: destroy only invalidates handles.
            }
        }
    }
}
