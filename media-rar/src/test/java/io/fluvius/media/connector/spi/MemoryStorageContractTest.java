package io.fluvius.media.connector.spi;

import java.nio.file.Path;
import java.util.Map;

import io.fluvius.media.connector.FilesystemSpec;

/** The storage contract on protocol {@code memory}. */
class MemoryStorageContractTest extends StorageContractTest {

    @Override
    FilesystemSpec filesystemUnderTest(Path root) {
        return new FilesystemSpec("scratch", "memory", Map.of());
    }

    @Override
    FilesystemSpec otherFilesystem(Path root) {
        return new FilesystemSpec(OTHER, "file", Map.of("root", root.toString()));
    }
}
