package io.fluvius.media.core.io;

import java.io.InputStream;

/** Counts the bytes that pass through it, read or skipped: the length of a streamed upload. */
public final class CountingInputStream extends PassThroughInputStream {

    private long count;

    public CountingInputStream(InputStream in) {
        super(in);
    }

    /** The number of bytes read (or skipped) so far. */
    public long count() {
        return count;
    }

    @Override
    void passing(byte[] b, int off, int len) {
        count += len;
    }
}
