package io.fluvius.media.core.io;

import io.fluvius.media.core.MediaTooLargeException;
import java.io.InputStream;

/**
 * Fails an upload as soon as it grows past the limit, so that an oversized stream is refused before
 * it is stored. Exactly {@code limit} bytes are accepted; the read that brings the total past the
 * limit throws {@link MediaTooLargeException}, even when the excess arrives within that one call.
 */
public final class SizeLimitedInputStream extends PassThroughInputStream {

    private final long limit;
    private long seen;

    /** @param limit the largest accepted number of bytes, zero or more */
    public SizeLimitedInputStream(InputStream in, long limit) {
        super(in);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        this.limit = limit;
    }

    @Override
    void passing(byte[] b, int off, int len) {
        seen += len;
        if (seen > limit) {
            throw new MediaTooLargeException(limit);
        }
    }
}
