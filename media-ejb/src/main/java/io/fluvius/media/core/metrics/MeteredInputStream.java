package io.fluvius.media.core.metrics;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts what the reader consumes and reports the read to its {@link Measurement} when closed. */
final class MeteredInputStream extends FilterInputStream {

    private final Measurement measurement;

    MeteredInputStream(InputStream in, Measurement measurement) {
        super(in);
        this.measurement = measurement;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            if (b >= 0) {
                measurement.sent(1);
            }
            return b;
        } catch (IOException | RuntimeException e) {
            measurement.failedWith(e);
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = in.read(b, off, len);
            if (n > 0) {
                measurement.sent(n);
            }
            return n;
        } catch (IOException | RuntimeException e) {
            measurement.failedWith(e);
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes never reach the caller: not counted as sent.
        return in.skip(n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            measurement.closed();
        }
    }
}
