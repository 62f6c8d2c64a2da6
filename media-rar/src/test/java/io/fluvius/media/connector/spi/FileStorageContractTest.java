package io.fluvius.media.connector.spi;

import java.nio.file.Path;
import java.util.Map;

import io.fluvius.media.connector.FilesystemSpec;

/** The storage contract on protocol {@code file}, in a temporary directory. */
class FileStorageContractTest extends StorageContractTest {

    @Override
    FilesystemSpec filesystemUnderTest(Path root) {
        return new FilesystemSpec("local", "file", Map.of("root", root.toString()));
    }

    @Override
    FilesystemSpec otherFilesystem(Path root) {
        return new FilesystemSpec(OTHER, "memory", Map.of());
    }
}
