package io.fluvius.media.connector.spi;

import jakarta.resource.spi.ManagedConnectionMetaData;

/** What the container (and its admin console) shows about a managed connection. */
final class MediaManagedConnectionMetaData implements ManagedConnectionMetaData {

    private static final String PRODUCT = "Fluvius Media storage";

    @Override
    public String getEISProductName() {
        return PRODUCT;
    }

    @Override
    public String getEISProductVersion() {
        String version = MediaManagedConnectionMetaData.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** No limit of our own: backends are shared, the pool size is the container's to choose. */
    @Override
    public int getMaxConnections() {
        return 0;
    }

    /** Storage credentials belong to the filesystem definition, not to a user of the connection. */
    @Override
    public String getUserName() {
        return "";
    }
}
