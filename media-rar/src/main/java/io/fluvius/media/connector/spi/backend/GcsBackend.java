package io.fluvius.media.connector.spi.backend;

import java.util.Properties;

import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.googlecloudstorage.GoogleCloudStorageProviderMetadata;

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
final class GcsBackend extends BucketBackend {

    /** What Google composes in one request, and jclouds' limit of parts. */
    private static final int MAX_PARTS = 32;

    private GcsBackend(GcsSettings settings, BlobStoreContext context) {
        super(settings.fsKey(), context, settings.bucket(), settings.partSize(), settings.parallelParts(), MAX_PARTS);
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
        checkCredentials(() -> context(settings), settings.bucket(), () -> GcsSettings.invalid(settings.fsKey(),
                "serviceAccount", "was refused by Google Cloud Storage (authentication failed for "
                        + settings.clientEmail() + "): check the key and the account's roles on bucket '"
                        + settings.bucket() + "'"));
    }

    static BlobStoreContext context(GcsSettings settings) {
        Properties overrides = bounds(settings.connectTimeout().toMillis(), settings.readTimeout().toMillis(),
                settings.retries(), AzureSettings.RETRY_DELAY_START_MILLIS);
        return buildContext(() -> ContextBuilder.newBuilder(new GoogleCloudStorageProviderMetadata())
                .endpoint(settings.endpoint().toString())
                .credentials(settings.clientEmail(), settings.privateKey())
                .overrides(overrides), settings.privateKey());
    }
}
