package io.fluvius.media.core.pipeline;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the first failure of the streams it wraps. The backend may wrap or swallow what a read
 * threw (a broken client stream, the size limit); the pipeline rethrows the original, so that the caller
 * learns about its own content rather than about a storage error.
 */
final class SourceGuard extends FilterInputStream {

    private RuntimeException runtimeFailure;
    private IOException ioFailure;

    SourceGuard(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw remember(e);
        } catch (RuntimeException e) {
            throw remember(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            throw remember(e);
        } catch (RuntimeException e) {
            throw remember(e);
        }
    }

    private IOException remember(IOException e) {
        if (ioFailure == null && runtimeFailure == null) {
            ioFailure = e;
        }
        return e;
    }

    private RuntimeException remember(RuntimeException e) {
        if (ioFailure == null && runtimeFailure == null) {
            runtimeFailure = e;
        }
        return e;
    }

    IOException ioFailure() {
        return ioFailure;
    }

    RuntimeException runtimeFailure() {
        return runtimeFailure;
    }

    /** The driver reads to the end but must not close the caller's stream; the caller does. */
    @Override
    public void close() {
    }
}
