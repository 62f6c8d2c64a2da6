package io.fluvius.media.ejb;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.UUID;

import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.PutOptions;

/**
 * The operations of {@code MediaInterface} as a stateless EJB: each call runs in a container-managed
 * transaction, so an entry is inserted only when the caller's transaction commits, after its bytes are
 * durable.
 */
@Stateless
@LocalBean
public class MediaService {

    @Inject
    MediaCore core;

    public MediaEntry put(InputStream source, PutOptions options) {
        return core.media().put(source, options);
    }

    public MediaEntry getMetadata(UUID id) {
        return core.media().getMetadata(id);
    }

    /** The original bytes; the caller closes the stream (after the transaction, reads need none). */
    public InputStream open(UUID id) {
        return core.media().open(id);
    }

    public InputStream open(UUID id, long offset, long length) {
        return core.media().open(id, offset, length);
    }

    public long transferTo(UUID id, OutputStream out) {
        return core.media().transferTo(id, out);
    }

    public boolean delete(UUID id) {
        return core.media().delete(id);
    }

    public boolean exists(UUID id) {
        return core.media().exists(id);
    }

    public List<MediaEntry> listFiles(String resource, String resourceId, int limit, long offset) {
        return core.media().listFiles(resource, resourceId, limit, offset);
    }
}
