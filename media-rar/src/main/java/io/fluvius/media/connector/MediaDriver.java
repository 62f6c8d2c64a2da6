package io.fluvius.media.connector;

import java.util.ServiceLoader;

/**
 * The driver used without a container, the way plain Java SE code uses a JDBC driver: open it, get
 * connections from its factory, close it when done, which releases what its backends hold (HTTP clients,
 * jclouds contexts):
 * <pre>{@code
 * try (MediaDriver driver = MediaDriver.open(
 *         new FilesystemSpec("file", "file", Map.of("root", "/var/lib/media")))) {
 *     MediaConnectionFactory factory = driver.connectionFactory();
 *     try (MediaConnection connection = factory.getConnection()) {
 *         connection.write("greetings/hello.txt", input);
 *     }
 * }
 * }</pre>
 * Once the driver is closed, its factory and every connection it gave out fail with a
 * {@link MediaStorageException} saying the driver is stopped. Inside the server, look the factory up in
 * JNDI instead ({@code java:/eis/media/MediaConnectionFactory}): the server opens and closes the driver.
 *
 * <p>The implementation is found like a JDBC driver's, through {@link ServiceLoader} ({@link Provider}),
 * so that this package never names the resource adapter's classes.
 */
public interface MediaDriver extends AutoCloseable {

    /**
     * A non-managed driver whose factory's own filesystem is {@code spec}; more can be added with
     * {@link MediaConnectionFactory#register(FilesystemSpec)}. Close it when done.
     *
     * @throws InvalidFilesystemException when the protocol is unknown or a parameter is missing or bad
     */
    static MediaDriver open(FilesystemSpec spec) {
        return provider().open(spec);
    }

    /**
     * The factory of a driver that is never closed: its backends live as long as the JVM. Prefer
     * {@link #open(FilesystemSpec)}, whose {@link #close()} releases them.
     *
     * @throws InvalidFilesystemException when the protocol is unknown or a parameter is missing or bad
     */
    static MediaConnectionFactory connectionFactory(FilesystemSpec spec) {
        return open(spec).connectionFactory();
    }

    /** The factory of connections to this driver's filesystems; thread-safe, the same one every time. */
    MediaConnectionFactory connectionFactory();

    /**
     * Closes every backend of this driver; connections still open fail from then on, and so does the
     * factory. Idempotent.
     */
    @Override
    void close();

    /**
     * What the driver's implementation registers under {@code META-INF/services}; callers never use it.
     */
    interface Provider {
        MediaDriver open(FilesystemSpec spec);
    }

    /** The provider shipped in the same archive as this interface (looked up per open: opening is rare). */
    private static Provider provider() {
        return ServiceLoader.load(Provider.class, MediaDriver.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No " + Provider.class.getName() + " in "
                        + "META-INF/services next to " + MediaDriver.class.getName()
                        + ": the media-rar archive is incomplete"));
    }
}
