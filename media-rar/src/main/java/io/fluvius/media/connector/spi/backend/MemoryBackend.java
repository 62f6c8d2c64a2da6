package io.fluvius.media.connector.spi.backend;

import org.jclouds.ContextBuilder;

import org.jclouds.blobstore.TransientApiMetadata;

import io.fluvius.media.connector.FilesystemSpec;

/**
 * Protocol {@code memory}: the jclouds transient provider. Each filesystem has its own context, so two
 * memory filesystems never see each other's keys. Objects are held whole on the heap (that is what
 * the protocol is), so it suits tests and scratch data, not large media. A move is copy-then-delete,
 * as the base class does it.
 */
final class MemoryBackend extends JcloudsBackend {

    private MemoryBackend(String fsKey) {
        super(fsKey, buildContext(() -> ContextBuilder.newBuilder(new TransientApiMetadata()), null), CONTAINER);
    }

    static MemoryBackend open(FilesystemSpec spec) {
        return new MemoryBackend(spec.fsKey());
    }

    /**
     * jclouds' local stores build the whole listing, with every object's metadata, for each page: one
     * page keeps a listing linear in the number of keys instead of quadratic.
     */
    @Override
    protected int listPageSize() {
        return Integer.MAX_VALUE;
    }
}
