package io.fluvius.media.connector.spi.backend;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jclouds.Constants;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.concurrent.config.ExecutorServiceModule;
import org.jclouds.http.HttpResponseException;
import org.jclouds.rest.AuthorizationException;

import com.google.common.io.CountingInputStream;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.inject.Module;

import io.fluvius.media.connector.BlobInfo;
import io.fluvius.media.connector.BlobNotFoundException;
import io.fluvius.media.connector.InvalidFilesystemException;

/**
 * What every jclouds-served protocol shares: one {@link BlobStoreContext}, one container holding the
 * filesystem's keys, and every call funnelled through {@link #call} so that failures are translated in
 * one place. Subclasses choose the jclouds API and override what their store does better
 * (a local directory renames in place and must fsync).
 */
abstract class JcloudsBackend implements StorageBackend {

    /** Every filesystem keeps its keys in one container (a directory under {@code root}, a bucket...). */
    static final String CONTAINER = "media";

    protected final String fsKey;
    protected final String container;
    protected final BlobStore blobStore;
    protected final BackendFailures failures;
    private final BlobStoreContext context;
    /** Set by a protocol that writes large objects in parts; closed with the backend. */
    private volatile ParallelParts partSenders;

    /** Takes ownership of {@code context}: closes it when the container cannot be created. */
    protected JcloudsBackend(String fsKey, BlobStoreContext context, String container) {
        this(fsKey, context, container, true);
    }

    /**
     * As above; with {@code createContainer} false the subclass sees to its container itself (a remote
     * store does it at first use, so that opening one makes no request that could wait on the network).
     */
    protected JcloudsBackend(String fsKey, BlobStoreContext context, String container, boolean createContainer) {
        this.fsKey = fsKey;
        this.container = container;
        this.context = context;
        this.blobStore = context.getBlobStore();
        this.failures = new BackendFailures(fsKey);
        if (!createContainer) {
            return;
        }
        try {
            blobStore.createContainerInLocation(null, container);
        } catch (RuntimeException e) {
            context.close();
            throw failures.unavailable(null, e);
        }
    }

    /**
     * Builds what jclouds serves (a {@link BlobStoreContext} view, or an API) from the API or provider
     * object rather than its string id, which jclouds would look up through the caller's context class
     * loader (an application's, inside the server). Modules are explicit for the same reason, and to choose
     * two things: jclouds logs through java.util.logging, which the server routes to its own log under
     * {@code org.jclouds.*} categories (jclouds' "null" logging would print errors to stderr), with the
     * filesystem's secret masked ({@link SecretMaskingLoggingModule}); and jclouds' "user executor" runs work
     * on the calling thread, so jclouds starts no unmanaged threads inside the server. Every protocol's
     * client is built here.
     *
     * @param builder  {@code ContextBuilder.newBuilder(...)} with endpoint, credentials and overrides
     * @param view     what to build: {@code b -> b.buildView(BlobStoreContext.class)}, or an API
     * @param secret   the filesystem's secret, never to be logged; {@code null} when it has none
     * @param modules  any module beyond logging and the executor
     */
    protected static <V> V build(Supplier<ContextBuilder> builder, Function<ContextBuilder, V> view, String secret,
            Module... modules) {
        Thread thread = Thread.currentThread();
        ClassLoader callers = thread.getContextClassLoader();
        thread.setContextClassLoader(JcloudsBackend.class.getClassLoader());
        try {
            Set<Module> all = new HashSet<>(List.of(modules));
            all.add(new SecretMaskingLoggingModule(secret));
            all.add(new ExecutorServiceModule(MoreExecutors.newDirectExecutorService()));
            return view.apply(builder.get().modules(all));
        } finally {
            thread.setContextClassLoader(callers);
        }
    }

    /** {@link #build} of a BlobStore view. */
    protected static BlobStoreContext buildContext(Supplier<ContextBuilder> builder, String secret,
            Module... modules) {
        return build(builder, b -> b.buildView(BlobStoreContext.class), secret, modules);
    }

    /**
     * The bounds every remote protocol gives jclouds: per attempt, to connect and to wait for the next bytes;
     * how many attempts after the first; the first pause between them (jclouds' back-off grows from it).
     */
    protected static Properties bounds(long connectTimeoutMillis, long readTimeoutMillis, int retries, long retryDelayStartMillis) {
        Properties properties = new Properties();
        properties.setProperty(Constants.PROPERTY_CONNECTION_TIMEOUT, Long.toString(connectTimeoutMillis));
        properties.setProperty(Constants.PROPERTY_SO_TIMEOUT, Long.toString(readTimeoutMillis));
        properties.setProperty(Constants.PROPERTY_MAX_RETRIES, Integer.toString(retries));
        properties.setProperty(Constants.PROPERTY_RETRY_DELAY_START, Long.toString(retryDelayStartMillis));
        return properties;
    }

    /**
     * Registration's check of a blob store: one authenticated request (does the container exist?), so that
     * refused credentials make the definition invalid. A store that does not answer does not make the definition
     * wrong (it may be down for a while, and connection definitions are checked when the server starts).
     *
     * @param context  builds the context, closed after the request; a failure to build is judged as the request's
     * @param refused  the refusal, naming the parameter at fault, never its value nor jclouds' cause
     */
    protected static void checkCredentials(Supplier<BlobStoreContext> context, String container,
            Supplier<InvalidFilesystemException> refused) {
        try (BlobStoreContext built = context.get()) {
            built.getBlobStore().containerExists(container);
        } catch (RuntimeException e) {
            if (refusesCredentials(e)) {
                throw refused.get();
            }
            // Unreachable now, or failing for reasons of its own: first use reports it (503) and retries.
        }
    }

    /**
     * Whether a failure is the store refusing the credentials: jclouds maps 401 to AuthorizationException, and a
     * 403 (Azure's AuthenticationFailed, Google's) arrives as a response.
     */
    protected static boolean refusesCredentials(Throwable failure) {
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

    @Override
    public long write(String key, InputStream data) {
        CountingInputStream counted = new CountingInputStream(data);
        try {
            // No content length: the payload is streamed. Stores that need one override this.
            Blob blob = blobStore.blobBuilder(key).payload(counted).build();
            blobStore.putBlob(container, blob);
            makeDurable(key);
            return counted.getCount();
        } catch (IOException | RuntimeException e) {
            throw failures.writeFailed(key, e);
        }
    }

    /** Called after every write and copy; remote stores are durable when the PUT returns. */
    protected void makeDurable(String key) throws IOException {
    }

    @Override
    public InputStream read(String key) {
        return call(key, () -> open(key, GetOptions.NONE));
    }

    @Override
    public InputStream read(String key, long offset, long length) {
        return call(key, () -> RangedGet.open(offset, length,
                (first, last) -> open(key, last == null ? new GetOptions().startAt(first)
                        : new GetOptions().range(first, last)),
                () -> requireExists(key)));
    }

    private InputStream open(String key, GetOptions options) throws IOException {
        Blob blob = blobStore.getBlob(container, key, options);
        if (blob == null) {
            throw new BlobNotFoundException(fsKey, key);
        }
        return blob.getPayload().openStream();
    }

    private void requireExists(String key) {
        if (!blobStore.blobExists(container, key)) {
            throw new BlobNotFoundException(fsKey, key);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        return call(key, () -> Optional.ofNullable(blobStore.blobMetadata(container, key)).map(this::toInfo));
    }

    @Override
    public boolean exists(String key) {
        return call(key, () -> blobStore.blobExists(container, key));
    }

    @Override
    public boolean delete(String key) {
        return call(key, () -> {
            boolean existed = blobStore.blobExists(container, key);
            if (existed) {
                blobStore.removeBlob(container, key);
            }
            return existed;
        });
    }

    /** Object stores have no rename: copy (server-side where the store can), then delete. */
    @Override
    public void move(String source, String target) {
        copy(source, target);
        call(source, () -> {
            blobStore.removeBlob(container, source);
            return null;
        });
    }

    @Override
    public void copy(String source, String target) {
        call(source, () -> {
            blobStore.copyBlob(container, source, container, target, CopyOptions.NONE);
            makeDurable(target);
            return null;
        });
    }

    @Override
    public List<BlobInfo> list(String prefix) {
        return call(prefix, () -> {
            List<BlobInfo> found = new ArrayList<>();
            ListContainerOptions options = ListContainerOptions.Builder.recursive().maxResults(listPageSize());
            if (!prefix.isEmpty()) {
                options.prefix(prefix);
            }
            String marker = null;
            do {
                PageSet<? extends StorageMetadata> page = blobStore.list(container,
                        marker == null ? options : options.clone().afterMarker(marker));
                for (StorageMetadata item : page) {
                    // Directories of a local store and "folder" markers are not objects.
                    if (item.getType() == StorageType.BLOB && item.getName().startsWith(prefix)) {
                        found.add(toInfo(item));
                    }
                }
                marker = page.getNextMarker();
            } while (marker != null);
            found.sort(Comparator.comparing(BlobInfo::key));
            return found;
        });
    }

    /** Keys per listing request; remote stores cap it themselves (S3 at 1000). */
    protected int listPageSize() {
        return 1000;
    }

    @Override
    public boolean isUsable() {
        try {
            return blobStore.containerExists(container);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Creates the part senders of a protocol that writes large objects in parts; they close with the backend. */
    protected final ParallelParts partSenders(long partSize, int parallel, int maxParts, String sizeParameter) {
        partSenders = new ParallelParts(fsKey, partSize, parallel, maxParts, sizeParameter);
        return partSenders;
    }

    @Override
    public void close() {
        if (partSenders != null) {
            partSenders.close();
        }
        context.close();
    }

    private BlobInfo toInfo(StorageMetadata metadata) {
        Long size = metadata.getSize();
        if (size == null && metadata instanceof BlobMetadata blob) {
            size = blob.getContentMetadata().getContentLength();
        }
        return new BlobInfo(metadata.getName(), size == null ? -1 : size,
                metadata.getLastModified() == null ? null : metadata.getLastModified().toInstant());
    }

    /** A storage operation that may throw what the library or the disk throws. */
    @FunctionalInterface
    protected interface StorageCall<T> {
        T run() throws IOException;
    }

    /** Runs {@code operation}, translating whatever it throws in the one place that does. */
    protected final <T> T call(String key, StorageCall<T> operation) {
        try {
            return operation.run();
        } catch (IOException | RuntimeException e) {
            throw failures.translate(key, e);
        }
    }
}
