package io.fluvius.media.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * Content that stops half-way, as a client or a server that died mid-upload: hands over the first
 * {@code stallAt} bytes, then blocks until {@link #release()}d, then hands over the rest.
 */
public final class StallingInputStream extends InputStream {

    private final byte[] content;
    private final int stallAt;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private int position;

    public StallingInputStream(byte[] content, int stallAt) {
        this.content = content;
        this.stallAt = stallAt;
    }

    /** Waits until the reader has taken the first {@code stallAt} bytes and asks for more. */
    public boolean awaitStall(long seconds) throws InterruptedException {
        return reached.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    public void release() {
        released.countDown();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (position == stallAt) {
            reached.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stalled", e);
            }
        }
        if (position >= content.length) {
            return -1;
        }
        int n = Math.min(len, (position < stallAt ? stallAt : content.length) - position);
        System.arraycopy(content, position, b, off, n);
        position += n;
        return n;
    }
}
