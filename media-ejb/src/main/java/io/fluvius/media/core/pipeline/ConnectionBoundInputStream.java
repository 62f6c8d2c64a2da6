package io.fluvius.media.core.pipeline;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.fluvius.media.connector.MediaConnection;

/** A stream that owns the connection it reads through: closing the stream returns the connection. */
final class ConnectionBoundInputStream extends FilterInputStream {

    private final MediaConnection connection;
    private final InputStream underlying;

    ConnectionBoundInputStream(InputStream in, MediaConnection connection) {
        this(in, connection, null);
    }

    /** @param underlying a stream under {@code in} that closing {@code in} leaves open (a range window's source) */
    ConnectionBoundInputStream(InputStream in, MediaConnection connection, InputStream underlying) {
        super(in);
        this.connection = connection;
        this.underlying = underlying;
    }

    @Override
    public void close() throws IOException {
        try (connection; InputStream source = underlying) {
            super.close();
        }
    }
}
