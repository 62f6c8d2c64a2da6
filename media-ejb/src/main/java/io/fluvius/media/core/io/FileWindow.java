package io.fluvius.media.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A read-only view of {@code [start, end)} of an open file, itself a {@link FileChannel}: code that sends
 * "from the position to the end of a channel" (a servlet container's zero-copy transfer) sends just this
 * window, and its {@link #transferTo} is still the file's own, so the kernel copies the bytes
 * ({@code sendfile}). Closing the window leaves the file open: its owner closes it.
 */
public final class FileWindow extends FileChannel {

    private final FileChannel file;
    private final long end;
    private long position;

    public FileWindow(FileChannel file, long start, long end) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("window [" + start + ", " + end + ")");
        }
        this.file = file;
        this.position = start;
        this.end = end;
    }

    /** The end of the window, which is all of the file this view shows. */
    @Override
    public long size() {
        return end;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public FileChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position");
        }
        position = newPosition;
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (dsts[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        if (at >= end) {
            return -1;
        }
        long room = end - at;
        if (dst.remaining() <= room) {
            return file.read(dst, at);
        }
        ByteBuffer limited = dst.slice().limit((int) room);
        int n = file.read(limited, at);
        if (n > 0) {
            dst.position(dst.position() + n);
        }
        return n;
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        if (at >= end) {
            return 0;
        }
        return file.transferTo(at, Math.min(count, end - at), target);
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) {
        // Nothing written through a read-only view.
    }

    /** Read-only, and only inside the window. */
    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) throws IOException {
        if (mode != MapMode.READ_ONLY) {
            throw new NonWritableChannelException();
        }
        if (at < 0 || size < 0 || at + size > end) {
            throw new IllegalArgumentException("[" + at + ", " + (at + size) + ") is outside the window ending at " + end);
        }
        return file.map(mode, at, size);
    }

    /** Shared locks only (the view is read-only), taken on the file. */
    @Override
    public FileLock lock(long at, long size, boolean shared) throws IOException {
        if (!shared) {
            throw new NonWritableChannelException();
        }
        return file.lock(at, size, true);
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) throws IOException {
        if (!shared) {
            throw new NonWritableChannelException();
        }
        return file.tryLock(at, size, true);
    }

    @Override
    protected void implCloseChannel() {
        // The file belongs to whoever opened it.
    }
}
