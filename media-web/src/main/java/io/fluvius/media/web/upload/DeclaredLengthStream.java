package io.fluvius.media.web.upload;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * A request body that must be as long as its {@code Content-Length} says: an end of stream before that is the
 * connection's failure (a timeout or a close that the container reported as an end), never the end of the content,
 * so that a truncated upload cannot be stored as a whole file.
 */
public final class DeclaredLengthStream extends FilterInputStream {

    private final long declared;
    private long count;

    private DeclaredLengthStream(InputStream body, long declared) {
        super(body);
        this.declared = declared;
    }

    /** The body, checked against its declared length when it has one. */
    public static InputStream of(InputStream body, OptionalLong declaredLength) {
        return declaredLength.isPresent() ? new DeclaredLengthStream(body, declaredLength.getAsLong()) : body;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        counted(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n != 0 || length == 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count += skipped;
        return skipped;
    }

    private void counted(int n) throws EOFException {
        if (n < 0) {
            if (count < declared) {
                throw new EOFException("The body ended after " + count + " of the " + declared
                        + " bytes its Content-Length declared");
            }
        } else {
            count += n;
        }
    }
}
