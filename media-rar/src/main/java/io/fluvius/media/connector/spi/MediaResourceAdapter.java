package io.fluvius.media.connector.spi;

import javax.transaction.xa.XAResource;

import jakarta.resource.NotSupportedException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

/**
 * The deployed driver. Owns the registry of every filesystem its connection definitions declare and
 * applications register at run time, with one open backend per filesystem, and closes them all when
 * the server stops it. Outbound only, and outside transactions: a write is durable when it returns.
 */
@Connector(
        displayName = "Fluvius Media driver",
        description = "Moves bytes by key on local, in-memory and object storage (Apache jclouds)",
        vendorName = "Fluvius",
        eisType = "Media storage",
        version = "0.1",
        reauthenticationSupport = false,
        transactionSupport = TransactionSupportLevel.NoTransaction)
public class MediaResourceAdapter implements ResourceAdapter {

    private final FilesystemRegistry registry = new FilesystemRegistry();

    @Override
    public void start(BootstrapContext context) {
        // Backends open lazily, at a filesystem's first connection: a store that is down at boot must
        // not keep the server (and every other filesystem) from starting.
    }

    @Override
    public void stop() {
        registry.close();
    }

    @Override
    public void endpointActivation(MessageEndpointFactory endpointFactory, ActivationSpec spec)
            throws NotSupportedException {
        throw new NotSupportedException("The Fluvius Media driver has no inbound messaging");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) {
        // Nothing was ever activated.
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    FilesystemRegistry registry() {
        return registry;
    }

    /**
     * JCA equality is by config properties, and the adapter has none, so all instances are equal: the
     * container must not deploy two of them side by side as if they differed.
     */
    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return MediaResourceAdapter.class.hashCode();
    }
}
