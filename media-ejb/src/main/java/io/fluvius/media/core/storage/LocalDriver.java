package io.fluvius.media.core.storage;

import java.nio.file.Path;
import java.util.Map;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaDriver;

/** The driver used non-managed, as plain Java SE code uses it: a {@code file} filesystem in a directory. */
public final class LocalDriver {

    private LocalDriver() {
    }

    /** A factory whose own filesystem is a local directory under {@code fsKey}. */
    public static MediaConnectionFactory connectionFactory(Path root, String fsKey) {
        return MediaDriver.connectionFactory(new FilesystemSpec(fsKey, "file", Map.of("root", root.toString())));
    }
}
