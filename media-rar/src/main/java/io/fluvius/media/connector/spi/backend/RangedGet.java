package io.fluvius.media.connector.spi.backend;

import java.io.IOException;
import java.io.InputStream;

import org.jclouds.http.HttpResponseException;

/**
 * A range of an object read as HTTP stores serve one, whatever the library's options type: a range that
 * asks for no bytes is not expressible (the object must still exist), one that runs past the end of the
 * long range is open-ended, and one that starts at or past the end (416) is empty when the object exists.
 */
final class RangedGet {

    private static final int HTTP_RANGE_NOT_SATISFIABLE = 416;

    /** A GET of bytes {@code first} to {@code last} (inclusive), or from {@code first} on when {@code last} is null. */
    @FunctionalInterface
    interface Get {
        InputStream open(long first, Long last) throws IOException;
    }

    /** Throws the store's "not found" when there is no such object. */
    @FunctionalInterface
    interface Existence {
        void require() throws IOException;
    }

    private RangedGet() {
    }

    static InputStream open(long offset, long length, Get get, Existence existence) throws IOException {
        if (length == 0) {
            existence.require();
            return InputStream.nullInputStream();
        }
        try {
            return get.open(offset, length > Long.MAX_VALUE - offset ? null : offset + length - 1);
        } catch (HttpResponseException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == HTTP_RANGE_NOT_SATISFIABLE) {
                existence.require();
                return InputStream.nullInputStream();
            }
            throw e;
        }
    }
}
