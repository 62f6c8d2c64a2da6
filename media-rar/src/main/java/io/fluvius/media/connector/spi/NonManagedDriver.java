package io.fluvius.media.connector.spi;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaDriver;

/**
 * {@link MediaDriver#open(FilesystemSpec)}'s driver: one connection definition without a container, whose
 * registry (and with it every backend) closes with the driver.
 */
public final class NonManagedDriver implements MediaDriver {

    private final MediaManagedConnectionFactory definition;
    private final MediaConnectionFactory factory;

    private NonManagedDriver(FilesystemSpec spec) {
        definition = MediaManagedConnectionFactory.forSpec(spec);
        try {
            factory = definition.createConnectionFactory();
        } catch (RuntimeException e) {
            definition.close();
            throw e;
        }
    }

    @Override
    public MediaConnectionFactory connectionFactory() {
        return factory;
    }

    @Override
    public void close() {
        definition.close();
    }

    /** Found by {@link java.util.ServiceLoader} through {@code META-INF/services}. */
    public static final class Provider implements MediaDriver.Provider {

        @Override
        public MediaDriver open(FilesystemSpec spec) {
            return new NonManagedDriver(spec);
        }
    }
}
