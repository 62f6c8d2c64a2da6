package io.fluvius.media.connector.spi;

import jakarta.resource.spi.ConnectionRequestInfo;

/**
 * What an application asked for when it called {@code getConnection(fsKey)}: the filesystem. Carried
 * through the container's connection manager to {@link MediaManagedConnection#getConnection}.
 */
record MediaConnectionRequestInfo(String fsKey) implements ConnectionRequestInfo {
}
