package io.fluvius.media.connector.spi.backend;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.PutOptions;

import io.fluvius.media.connector.BlobInfo;

/**
 * A remote store whose container (a bucket) is seen to at first use, and whose large writes are the BlobStore's
 * multipart uploads ({@code s3}, {@code gcs}):
 * <ul>
 * <li>opening makes no request, so that callers waiting for a filesystem to open never queue behind a request to
 *     an endpoint that is down; the bucket is created, when missing and only then, by the first operation;</li>
 * <li>a write reads one part into memory; a shorter object is one PUT, a longer one a multipart upload in the same
 *     streaming pass with up to {@code parallelParts} parts being sent (see {@link ParallelParts}), completed at
 *     the end and aborted on any failure, so the key shows the whole new object or its previous one;</li>
 * <li>a failed request never breaks the backend ({@link #isUsable()}): HTTP holds no session, and the next
 *     request simply tries again.</li>
 * </ul>
 */
abstract class BucketBackend extends JcloudsBackend {

    private final ParallelParts parts;
    private volatile boolean bucketReady;

    protected BucketBackend(String fsKey, BlobStoreContext context, String bucket, long partSize, int parallelParts,
            int maxParts) {
        super(fsKey, context, bucket, false);
        this.parts = partSenders(partSize, parallelParts, maxParts, "partSize");
    }

    /** Creates the bucket when it is missing, once per backend; concurrent first uses may both ask. */
    protected final void ensureBucket() {
        if (bucketReady) {
            return;
        }
        call(null, () -> {
            if (!blobStore.containerExists(container)) {
                blobStore.createContainerInLocation(null, container);
            }
            return null;
        });
        bucketReady = true;
    }

    @Override
    public InputStream read(String key) {
        ensureBucket();
        return super.read(key);
    }

    @Override
    public InputStream read(String key, long offset, long length) {
        ensureBucket();
        return super.read(key, offset, length);
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        ensureBucket();
        return super.stat(key);
    }

    @Override
    public boolean exists(String key) {
        ensureBucket();
        return super.exists(key);
    }

    @Override
    public boolean delete(String key) {
        ensureBucket();
        return super.delete(key);
    }

    /** A server-side copy, then a delete of the source: not atomic (both keys remain if the delete fails). */
    @Override
    public void move(String source, String target) {
        ensureBucket();
        super.move(source, target);
    }

    @Override
    public void copy(String source, String target) {
        ensureBucket();
        super.copy(source, target);
    }

    @Override
    public List<BlobInfo> list(String prefix) {
        ensureBucket();
        return super.list(prefix);
    }

    /**
     * Always: a failed request says nothing about the next one, and asking the endpoint here would add a second
     * wait, up to the deadline, to every failure while it is down.
     */
    @Override
    public boolean isUsable() {
        return true;
    }

    /**
     * One PUT when the data fits in a part, else a multipart upload in one pass. The caller's stream failing
     * mid-way, or any part failing, aborts the upload, leaving the key as it was.
     */
    @Override
    public long write(String key, InputStream data) {
        ensureBucket();
        // Chunks allocated as the data arrives: a small object costs its size, not a part's.
        SegmentBuffer first = parts.buffer();
        try {
            first.fill(data);
            if (!first.isFull()) {
                blobStore.putBlob(container, blobStore.blobBuilder(key).payload(first.payload()).build());
                return first.length();
            }
        } catch (IOException | RuntimeException e) {
            throw failures.writeFailed(key, e);
        }
        MultipartUpload upload;
        try {
            upload = blobStore.initiateMultipartUpload(container,
                    blobStore.blobBuilder(key).payload(new byte[0]).build().getMetadata(), PutOptions.NONE);
        } catch (RuntimeException e) {
            throw failures.writeFailed(key, e);
        }
        boolean completed = false;
        try {
            ParallelParts.Sent<MultipartPart> sent = parts.send(key, first, data,
                    (number, payload) -> blobStore.uploadMultipartPart(upload, number, payload));
            blobStore.completeMultipartUpload(upload, sent.parts());
            completed = true;
            return sent.bytes();
        } catch (IOException | RuntimeException e) {
            throw failures.writeFailed(key, e);
        } finally {
            if (!completed) {
                // Every part request has finished by now (ParallelParts waits): none can follow the abort.
                abortQuietly(upload);
            }
        }
    }

    /** A failed abort leaves parts behind; {@link #abortStaleUploads} or the store's lifecycle rules remove them. */
    private void abortQuietly(MultipartUpload upload) {
        try {
            blobStore.abortMultipartUpload(upload);
        } catch (RuntimeException e) {
            // The write's own failure is what the caller needs; this one is only logged by jclouds.
        }
    }
}
