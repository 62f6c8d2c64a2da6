package io.fluvius.media.connector.spi.backend;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.googlecloudstorage.GoogleCloudStorageProviderMetadata;
import org.jclouds.http.HttpResponseException;
import org.jclouds.rest.AuthorizationException;

import io.fluvius.media.connector.BlobInfo;
import io.fluvius.media.connector.FilesystemSpec;

/**
 * Protocol {@code gcs}: Google Cloud Storage through the jclouds {@code google-cloud-storage} provider (JSON API,
 * OAuth 2 with a service account's key). <b>Not tested against a live service</b>: no Google Cloud Storage emulator
 * installs on the machines this product is built on, so only the definition's mapping is tested (GcsSettingsTest).
 * <ul>
 * <li>a write reads one part ({@code partSize}) into memory; a shorter object is one upload, a longer one is
 *     uploaded in parts (objects of their own, {@code parallelParts} at a time) that Google composes into the
 *     object at the end, then deletes; at most 32 parts, so objects up to {@code 32 × partSize}. A failure deletes
 *     the parts sent so far; the key keeps its previous object;</li>
 * <li>the bucket is created when missing, at first use: opening makes no request;</li>
 * <li>registration makes one authenticated request (does the bucket exist?), so that a refused key is a 400
 *     naming {@code serviceAccount}; an unreachable service is left to first use, as for {@code s3}.</li>
 * </ul>
 */
final class GcsBackend extends JcloudsBackend {

    /** What Google composes in one request, and jclouds' limit of parts. */
    private static final int MAX_PARTS = 32;

    private final ParallelParts parts;
    private volatile boolean bucketReady;

    private GcsBackend(GcsSettings settings, BlobStoreContext context) {
        super(settings.fsKey(), context, settings.bucket(), false);
        this.parts = partSenders(settings.partSize(), settings.parallelParts(), MAX_PARTS, "partSize");
    }

    /** Opens the filesystem without a request: the bucket is seen to at first use. */
    static GcsBackend open(FilesystemSpec spec) {
        GcsSettings settings = GcsSettings.of(spec);
        return new GcsBackend(settings, context(settings));
    }

    /**
     * Registration's check: the parameters, then one authenticated request; a refused key is reported naming
     * {@code serviceAccount}, without its value or jclouds' cause; a service that does not answer is not.
     */
    static void check(FilesystemSpec spec) {
        GcsSettings settings = GcsSettings.of(spec);
        try (BlobStoreContext context = context(settings)) {
            context.getBlobStore().containerExists(settings.bucket());
        } catch (RuntimeException e) {
            if (isAuthenticationFailure(e)) {
                throw GcsSettings.invalid(settings.fsKey(), "serviceAccount", "was refused by Google Cloud Storage "
                        + "(authentication failed for " + settings.clientEmail() + "): check the key and the account's"
                        + " roles on bucket '" + settings.bucket() + "'");
            }
            // Unreachable now, or failing for reasons of its own: first use reports it (503) and retries.
        }
    }

    static BlobStoreContext context(GcsSettings settings) {
        Properties overrides = bounds(settings.connectTimeout().toMillis(), settings.readTimeout().toMillis(),
                settings.retries(), AzureSettings.RETRY_DELAY_START_MILLIS);
        return buildContext(() -> ContextBuilder.newBuilder(new GoogleCloudStorageProviderMetadata())
                .endpoint(settings.endpoint().toString())
                .credentials(settings.clientEmail(), settings.privateKey())
                .overrides(overrides), settings.privateKey());
    }

    private static boolean isAuthenticationFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthorizationException) {
                return true;
            }
            if (t instanceof HttpResponseException http && http.getResponse() != null
                    && (http.getResponse().getStatusCode() == 401 || http.getResponse().getStatusCode() == 403)) {
                return true;
            }
        }
        return false;
    }

    /** Creates the bucket when it is missing, once per backend; concurrent first uses may both ask. */
    private void ensureBucket() {
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

    @Override
    public long write(String key, InputStream data) {
        ensureBucket();
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
                try {
                    blobStore.abortMultipartUpload(upload); // deletes the parts sent so far
                } catch (RuntimeException ignored) {
                    // the write failed already; parts left behind are objects named <upload id>_<part number>
                }
            }
        }
    }
}
