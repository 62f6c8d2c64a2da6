package io.fluvius.media.connector.spi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caller's data on its way into a backend. Remembers the first failure of the caller's stream, so
 * that a write reports the caller's failure rather than the store's whatever a backend (or the library
 * under it) made of it, and so that a backend that swallowed it cannot turn a truncated stream into a
 * stored object. Ignores {@code close()}: the caller owns the stream (jclouds closes payloads).
 */
final class SourceStream extends FilterInputStream {

    private Throwable failure;

    SourceStream(InputStream data) {
        super(data);
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException e) {
            remember(e);
            throw e;
        } catch (RuntimeException e) {
            remember(e);
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return in.read(buffer, offset, length);
        } catch (IOException e) {
            remember(e);
            throw e;
        } catch (RuntimeException e) {
            remember(e);
            throw e;
        }
    }

    private void remember(Exception e) {
        if (failure == null) {
            failure = e;
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // The caller's stream: the caller closes it.
    }

    /** What the caller's stream threw first, or {@code null} when it did not fail. */
    Throwable failure() {
        return failure;
    }
}
