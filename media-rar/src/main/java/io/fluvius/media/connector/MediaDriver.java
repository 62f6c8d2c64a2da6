package io.fluvius.media.connector;

import io.fluvius.media.connector.spi.MediaManagedConnectionFactory;

/**
 * The driver used without a container, the way plain Java SE code uses a JDBC driver:
 * <pre>{@code
 * MediaConnectionFactory factory = MediaDriver.connectionFactory(
 *         new FilesystemSpec("file", "file", Map.of("root", "/var/lib/media")));
 * try (MediaConnection connection = factory.getConnection()) {
 *     connection.write("greetings/hello.txt", input);
 * }
 * }</pre>
 * Inside the server, look the factory up in JNDI instead ({@code java:/eis/media/MediaConnectionFactory}).
 * To close the backends when done, build the factory through
 * {@link MediaManagedConnectionFactory#forSpec(FilesystemSpec)} and close that.
 */
public final class MediaDriver {

    private MediaDriver() {
    }

    /**
     * A non-managed factory whose own filesystem is {@code spec}; more can be added with
     * {@link MediaConnectionFactory#register(FilesystemSpec)}.
     *
     * @throws InvalidFilesystemException when the protocol is unknown or a required parameter is missing
     */
    public static MediaConnectionFactory connectionFactory(FilesystemSpec spec) {
        return MediaManagedConnectionFactory.forSpec(spec).createConnectionFactory();
    }
}
