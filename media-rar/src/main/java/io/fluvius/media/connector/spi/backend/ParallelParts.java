package io.fluvius.media.connector.spi.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jclouds.io.Payload;

import io.fluvius.media.connector.MediaStorageException;

/**
 * The parts of one large write (S3 multipart parts, Azure blocks) sent while the source is still being
 * read, up to {@code parallel} at a time. Each part in flight, and the one being filled, has a buffer of
 * its own, so a write holds at most {@code parallel} buffers of {@code partSize} bytes: memory is bounded by
 * {@code partSize × parallel} per write, whatever the object's length. A part that fails stops the reading;
 * the caller gets the failure once every part still in flight has finished, so that its abort comes after
 * the last part request. One instance per backend, closed with it: it owns the backend's part senders.
 */
final class ParallelParts implements AutoCloseable {

    /** Sends one part; {@code number} counts from 1. */
    @FunctionalInterface
    interface PartSender<T> {
        T send(int number, Payload payload) throws IOException;
    }

    /** What the parts' senders returned, in part order, and how many bytes they carried. */
    record Sent<T>(List<T> parts, long bytes) {
    }

    private final String fsKey;
    private final long partSize;
    private final int parallel;
    private final int maxParts;
    private final String sizeParameter;
    /** {@code null} with one part at a time: the writer sends every part itself. */
    private final ExecutorService executor;

    /**
     * @param maxParts      the store's limit of parts per object
     * @param sizeParameter the filesystem parameter setting {@code partSize}, named when an object needs more parts
     */
    ParallelParts(String fsKey, long partSize, int parallel, int maxParts, String sizeParameter) {
        this.fsKey = fsKey;
        this.partSize = partSize;
        this.parallel = parallel;
        this.maxParts = maxParts;
        this.sizeParameter = sizeParameter;
        this.executor = parallel > 1 ? executor(fsKey, parallel) : null;
    }

    /** An empty buffer of one part, for the first part (which decides whether a write needs parts at all). */
    SegmentBuffer buffer() {
        return new SegmentBuffer(partSize);
    }

    /**
     * The executor of one backend's part uploads: at most {@code threads} threads (none while idle), no
     * queue; a part that finds every thread busy (several writes at once) is sent by the writing thread
     * itself, which slows that writer down instead of queueing its bytes.
     */
    private static ExecutorService executor(String fsKey, int threads) {
        AtomicInteger count = new AtomicInteger();
        ClassLoader loader = ParallelParts.class.getClassLoader();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "media-parts-" + fsKey + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            // jclouds resolves some of its types through the context class loader.
            thread.setContextClassLoader(loader);
            return thread;
        };
        return new ThreadPoolExecutor(0, threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory,
                (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("The filesystem's backend is closed");
                    }
                    task.run();
                });
    }

    /** Closes the backend's part senders: parts in flight are interrupted, their writes fail. */
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /**
     * Sends {@code first}, which is full, and the rest of {@code data} in parts of {@code partSize}, as parts
     * of the object {@code key}.
     *
     * @throws IOException what the source or a sender threw first (the other parts have finished by then)
     * @throws MediaStorageException when the object needs more parts than the store takes
     */
    <T> Sent<T> send(String key, SegmentBuffer first, InputStream data, PartSender<T> sender) throws IOException {
        BlockingQueue<SegmentBuffer> free = new ArrayBlockingQueue<>(parallel);
        List<CompletableFuture<T>> parts = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int buffers = 1;
        SegmentBuffer buffer = first;
        long length = first.length();
        long total = 0;
        try {
            while (length > 0) {
                if (parts.size() == maxParts) {
                    throw new MediaStorageException("Filesystem '" + fsKey + "': '" + key + "' is larger than "
                            + maxParts + " parts of " + partSize + " bytes; raise the parameter '" + sizeParameter + "'");
                }
                int number = parts.size() + 1;
                SegmentBuffer filled = buffer;
                CompletableFuture<T> part = new CompletableFuture<>();
                Runnable send = () -> {
                    try {
                        part.complete(sender.send(number, filled.payload()));
                    } catch (IOException | RuntimeException | Error e) {
                        failure.compareAndSet(null, e);
                        part.completeExceptionally(e);
                    } finally {
                        free.add(filled);
                    }
                };
                if (executor == null) {
                    send.run();
                } else {
                    // Rejected only once the backend is closed: the write fails, no part is left in flight.
                    executor.execute(send);
                }
                parts.add(part);
                total += length;
                buffer = free.poll();
                if (buffer == null && buffers < parallel) {
                    buffer = new SegmentBuffer(partSize);
                    buffers++;
                } else if (buffer == null) {
                    buffer = free.take();
                }
                if (failure.get() != null) {
                    break;
                }
                length = buffer.fill(data);
            }
            List<T> sent = new ArrayList<>(parts.size());
            for (CompletableFuture<T> part : parts) {
                sent.add(part.join());
            }
            return new Sent<>(sent, total);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for a part to be sent");
        } catch (CompletionException e) {
            throw rethrow(e.getCause());
        } finally {
            awaitAll(parts);
        }
    }

    /** Waits until no part is in flight, whatever became of each (each request is bounded by the deadline). */
    private static void awaitAll(List<? extends CompletableFuture<?>> parts) {
        for (CompletableFuture<?> part : parts) {
            try {
                part.join();
            } catch (CompletionException | java.util.concurrent.CancellationException finished) {
                // Done, which is all that matters here; the first failure is reported by send.
            }
        }
    }

    private static IOException rethrow(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IOException(failure);
    }
}
