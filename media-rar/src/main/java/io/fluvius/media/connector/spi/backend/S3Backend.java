package io.fluvius.media.connector.spi.backend;

import java.time.Instant;
import java.util.Properties;

import org.jclouds.Constants;
import org.jclouds.ContextBuilder;
import org.jclouds.aws.AWSResponseException;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.ContainerNotFoundException;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.http.HttpResponseException;
import org.jclouds.rest.AuthorizationException;
import org.jclouds.s3.S3ApiMetadata;
import org.jclouds.s3.S3Client;
import org.jclouds.s3.domain.ListMultipartUploadsResponse;
import org.jclouds.s3.filters.Aws4SignerBase;
import org.jclouds.s3.reference.S3Constants;

import com.google.inject.AbstractModule;
import com.google.inject.Module;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;
import io.fluvius.media.connector.MediaStorageException;

/**
 * Protocol {@code s3}: any S3-compatible endpoint through jclouds' generic {@code s3} API, signing
 * with AWS signature version 4 in the configured region, path-style or virtual-host addressing. The
 * filesystem's keys are the bucket's keys, unprefixed. What differs from the base class:
 * <ul>
 * <li>a write reads one part ({@code partSize}, 8 MiB by default) into memory; a shorter object is one
 *     PUT, a longer one a multipart upload in the same streaming pass, up to {@code parallelParts}
 *     (default 2) parts being sent while the next is read, completed at the end and aborted on any
 *     failure. Memory per write is bounded by {@code partSize × parallelParts} bytes of part buffers.
 *     Either way the object appears whole or not at all: S3 publishes a key atomically when the PUT or
 *     the completion succeeds, and a failure leaves what was there before. No temporary file;</li>
 * <li>a move is a server-side copy then a delete: <b>not atomic</b>. A failure between the two leaves
 *     both keys (never neither);</li>
 * <li>the bucket is created when missing, and only then (a key without the right to create buckets
 *     works on an existing one), at first use: opening the backend makes no request, so that callers
 *     waiting for a filesystem to open never queue behind a request to an endpoint that is down;</li>
 * <li>a failed request never breaks the backend ({@link #isUsable()}): HTTP holds no session, jclouds
 *     connects afresh, and the next request simply tries again. Every request stays within the deadline
 *     on its own, with no second request (a probe) added to a failed one.</li>
 * </ul>
 * Reads of ranges are ranged GETs (base class). Failures are bounded as {@link S3Settings} describes.
 */
final class S3Backend extends BucketBackend {

    /** S3's limit of parts per upload. */
    private static final int MAX_PARTS = 10_000;
    /** S3's largest page of a multipart upload listing. */
    private static final int LIST_UPLOADS_PAGE = 1000;

    private final S3Client s3;

    private S3Backend(S3Settings settings, BlobStoreContext context) {
        super(settings.fsKey(), context, settings.bucket(), settings.partSize(), settings.parallelParts(), MAX_PARTS);
        this.s3 = context.unwrapApi(S3Client.class);
    }

    /** Opens the filesystem without a request: the bucket is seen to at first use. */
    static S3Backend open(FilesystemSpec spec) {
        S3Settings settings = S3Settings.of(spec);
        return new S3Backend(settings, context(settings));
    }

    /**
     * Registration's check: the parameters, then one authenticated request, so that a wrong key or
     * secret is refused when the filesystem is defined. An endpoint that does not answer does not make
     * the definition wrong (it may be down for a while, and connection definitions are checked when the
     * server starts): that is reported at first use instead.
     *
     * @throws InvalidFilesystemException for a bad parameter or refused credentials, naming the parameter
     */
    static void check(FilesystemSpec spec) {
        S3Settings settings = S3Settings.of(spec);
        try (BlobStoreContext context = context(settings)) {
            probe(settings, context.getBlobStore());
        } catch (InvalidFilesystemException e) {
            throw e;
        } catch (MediaStorageException e) {
            // Unreachable now; first use reports it (503) and retries.
        }
    }

    /** Lists at most one key: a GET, whose error body (unlike a HEAD's) says which credential is wrong. */
    private static void probe(S3Settings settings, BlobStore blobStore) {
        try {
            blobStore.list(settings.bucket(), ListContainerOptions.Builder.maxResults(1));
        } catch (ContainerNotFoundException e) {
            // Created at first use.
        } catch (RuntimeException e) {
            InvalidFilesystemException refused = refusedCredentials(settings, e);
            if (refused != null) {
                throw refused;
            }
            throw new BackendFailures(settings.fsKey()).unavailable(null, e);
        }
    }

    /**
     * What a refusal of the credentials says, naming the parameter at fault when S3's error code tells;
     * {@code null} when {@code failure} is no refusal. Never quotes the store's message (it may echo the
     * request) nor, of course, the secret.
     */
    static InvalidFilesystemException refusedCredentials(S3Settings settings, Throwable failure) {
        String code = null;
        boolean refused = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AWSResponseException aws && aws.getError() != null && code == null) {
                code = aws.getError().getCode();
            }
            if (t instanceof AuthorizationException) {
                refused = true;
            }
            if (t instanceof HttpResponseException http && http.getResponse() != null) {
                int status = http.getResponse().getStatusCode();
                refused |= status == 401 || status == 403;
            }
        }
        if (!refused) {
            return null;
        }
        String why;
        if ("InvalidAccessKeyId".equals(code)) {
            why = "the endpoint does not know the access key id (parameter 'key')";
        } else if ("SignatureDoesNotMatch".equals(code)) {
            why = "the secret does not match the access key id (parameter 'secret')";
        } else if ("AccessDenied".equals(code)) {
            why = "the credentials (parameters 'key' and 'secret') may not use bucket '" + settings.bucket() + "'";
        } else {
            why = "the endpoint refused the credentials (parameters 'key' and 'secret'"
                    + (code == null ? "" : "; S3 error " + code) + ")";
        }
        return new InvalidFilesystemException("Filesystem '" + settings.fsKey() + "' (protocol s3): " + why);
    }

    private static BlobStoreContext context(S3Settings settings) {
        Properties overrides = bounds(settings.connectTimeoutMillis(), settings.readTimeoutMillis(),
                settings.retries(), S3Settings.RETRY_DELAY_START_MILLIS);
        overrides.setProperty(Constants.PROPERTY_ENDPOINT, settings.endpoint().toString());
        overrides.setProperty(Constants.PROPERTY_IDENTITY, settings.identity());
        overrides.setProperty(Constants.PROPERTY_CREDENTIAL, settings.credential());
        overrides.setProperty(S3Constants.PROPERTY_SIGNER_VERSION, "4");
        overrides.setProperty(S3Constants.PROPERTY_S3_VIRTUAL_HOST_BUCKETS, Boolean.toString(!settings.pathStyle()));
        // The signature's scope names the configured region, whatever the endpoint's host name says.
        Module region = new AbstractModule() {
            @Override
            protected void configure() {
                bind(Aws4SignerBase.ServiceAndRegion.class).toInstance(new Aws4SignerBase.ServiceAndRegion() {
                    @Override
                    public String service() {
                        return "s3";
                    }

                    @Override
                    public String region(String host) {
                        return settings.region();
                    }
                });
            }
        };
        return buildContext(() -> ContextBuilder.newBuilder(new S3ApiMetadata()).overrides(overrides),
                settings.credential(), region);
    }

    /**
     * Removes the object, and, when there was none, the unfinished multipart uploads of the same key: a server
     * killed mid-write leaves its upload (parts the store keeps, and bills) and no object, so collecting the key of a
     * killed upload must abort it to collect its bytes, as the file backend removes a partial file. Keys are fresh
     * per write, and only a write whose intent garbage collection has taken (its lease ran out) or given up leaves an
     * upload of a key being deleted, so no live write is cut. An object that existed had its write completed: no
     * listing is spent on it.
     */
    @Override
    public boolean delete(String key) {
        boolean deleted = super.delete(key);
        if (!deleted) {
            abortUploadsOf(key);
        }
        return deleted;
    }

    private void abortUploadsOf(String key) {
        call(key, () -> {
            String keyMarker = null;
            String uploadIdMarker = null;
            ListMultipartUploadsResponse page;
            do {
                page = s3.listMultipartUploads(container, null, LIST_UPLOADS_PAGE, keyMarker, key, uploadIdMarker);
                for (ListMultipartUploadsResponse.Upload upload : page.uploads()) {
                    if (upload.key().equals(key)) {
                        s3.abortMultipartUpload(container, upload.key(), upload.uploadId());
                    }
                }
                keyMarker = page.nextKeyMarker();
                uploadIdMarker = page.nextUploadIdMarker();
            } while (page.isTruncated() && (keyMarker != null || uploadIdMarker != null));
            return null;
        });
    }

    /**
     * Lists the bucket's multipart uploads, page by page, and aborts each initiated before
     * {@code startedBefore}. An upload whose initiation time the store does not report is left alone.
     */
    @Override
    public int abortStaleUploads(Instant startedBefore) {
        ensureBucket();
        return call(null, () -> {
            int aborted = 0;
            String keyMarker = null;
            String uploadIdMarker = null;
            ListMultipartUploadsResponse page;
            do {
                page = s3.listMultipartUploads(container, null, LIST_UPLOADS_PAGE, keyMarker, null, uploadIdMarker);
                for (ListMultipartUploadsResponse.Upload upload : page.uploads()) {
                    if (upload.initiated() != null && upload.initiated().toInstant().isBefore(startedBefore)) {
                        // jclouds answers a 404 (NoSuchUpload: its writer finished meanwhile) with success.
                        s3.abortMultipartUpload(container, upload.key(), upload.uploadId());
                        aborted++;
                    }
                }
                keyMarker = page.nextKeyMarker();
                uploadIdMarker = page.nextUploadIdMarker();
            } while (page.isTruncated() && (keyMarker != null || uploadIdMarker != null));
            return aborted;
        });
    }
}
