package io.fluvius.media.connector.spi.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Flushes a file that is being written while its writer goes on, so that the {@code fdatasync} that makes the
 * file durable at its end finds little left to write. Without it, a large upload's dirty pages stay in the page
 * cache until that last call (the kernel starts writing back only once a tenth of the memory is dirty, or after
 * 30 s), and the disk's whole write time is added to the receive's: on this project's bench machine, 1 GiB
 * took about 2 s to receive and 1.2 s more to flush.
 *
 * <p>Each time {@link #STEP} more bytes have been written, and no flush of the file is under way, one starts on a
 * flusher thread. At most {@code threads} flushes run at once across a backend's writes; a write that finds them
 * all busy skips its step and tries again at the next one. A flush only ever writes back what is already in the
 * file: the durability of the write still comes from its own last {@code fdatasync}, never from these.
 */
final class EarlyWriteback implements AutoCloseable {

    /** Bytes written between flushes: large enough that a flush's fixed cost (a device cache flush) is noise. */
    static final long STEP = 32L << 20;

    private final ExecutorService flushers;

    EarlyWriteback(String fsKey, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "media-writeback-" + fsKey + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // No queue: a flush that waits for a thread would start after the step it was for.
        this.flushers = new ThreadPoolExecutor(0, threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory,
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** The flushes of one file, for the thread that writes it: {@code channel.force(false)} for a file channel. */
    Flushes of(Flush flush) {
        return new Flushes(flush);
    }

    /** What flushes the file written. */
    @FunctionalInterface
    interface Flush {
        void run() throws IOException;
    }

    /**
     * Lets running flushes end (each ends with its file's {@code fdatasync}); starts no more. Flushers are not
     * interrupted: an interrupt during {@link FileChannel#force} would close the channel under its writer.
     */
    @Override
    public void close() {
        flushers.shutdown();
    }

    /** One file's flushes. Not thread-safe: one writer calls it. */
    final class Flushes {

        private final Flush flush;
        private long sinceFlush;
        private Future<?> flushing;

        private Flushes(Flush flush) {
            this.flush = flush;
        }

        /** After {@code bytes} more were written to the file. */
        void written(long bytes) throws IOException {
            sinceFlush += bytes;
            if (sinceFlush < STEP) {
                return;
            }
            if (flushing != null) {
                if (!flushing.isDone()) {
                    return;
                }
                awaitFlush();
            }
            try {
                flushing = flushers.submit(() -> {
                    flush.run();
                    return null;
                });
                sinceFlush = 0;
            } catch (RejectedExecutionException busyOrClosed) {
                // Every flusher busy, or the backend closing: the final fdatasync does this step's work.
            }
        }

        /** Waits for the flush under way, if any; its failure is the write's. */
        void awaitFlush() throws IOException {
            Future<?> running = flushing;
            flushing = null;
            if (running == null) {
                return;
            }
            try {
                running.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while the file was flushed", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof UncheckedIOException unchecked) {
                    throw unchecked.getCause();
                }
                throw new IOException("Flushing the file failed", cause);
            }
        }
    }
}
