package io.fluvius.media.core.storage;

import java.util.List;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaStorageException;

/** A driver that hands every call to another: tests override what they watch or change. */
public abstract class DelegatingDriver implements MediaConnectionFactory {

    private static final long serialVersionUID = 1L;
    protected final MediaConnectionFactory delegate;

    protected DelegatingDriver(MediaConnectionFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public void register(FilesystemSpec spec) throws MediaStorageException {
        delegate.register(spec);
    }

    @Override
    public MediaConnection getConnection() throws MediaStorageException {
        return delegate.getConnection();
    }

    @Override
    public MediaConnection getConnection(String fsKey) throws MediaStorageException {
        return delegate.getConnection(fsKey);
    }

    @Override
    public boolean isKnown(String fsKey) {
        return delegate.isKnown(fsKey);
    }

    @Override
    public List<FilesystemSpec> definitions() {
        return delegate.definitions();
    }

    @Override
    public String getFsKey() {
        return delegate.getFsKey();
    }

    @Override
    public javax.naming.Reference getReference() {
        return null;
    }

    @Override
    public void setReference(javax.naming.Reference reference) {
    }
}
