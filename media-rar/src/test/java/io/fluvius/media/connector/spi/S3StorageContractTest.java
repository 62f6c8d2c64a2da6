package io.fluvius.media.connector.spi;

import java.nio.file.Path;
import java.util.Map;

import io.fluvius.media.connector.FilesystemSpec;

/**
 * The storage contract on protocol {@code s3}, against S3Proxy (a separate process on 127.0.0.1, AWS
 * signature v4 only); every test gets a bucket of its own.
 */
class S3StorageContractTest extends StorageContractTest {

    @Override
    FilesystemSpec filesystemUnderTest(Path root) {
        return S3ProxyServer.shared().spec("bucket", Map.of());
    }

    @Override
    FilesystemSpec otherFilesystem(Path root) {
        return new FilesystemSpec(OTHER, "memory", Map.of());
    }
}
