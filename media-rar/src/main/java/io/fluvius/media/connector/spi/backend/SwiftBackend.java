package io.fluvius.media.connector.spi.backend;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jclouds.ContextBuilder;
import org.jclouds.http.options.GetOptions;
import org.jclouds.openstack.keystone.catalog.config.ServiceCatalogModule;
import org.jclouds.openstack.swift.v1.SwiftApi;
import org.jclouds.openstack.swift.v1.SwiftApiMetadata;
import org.jclouds.openstack.swift.v1.config.SwiftHttpApiModule;
import org.jclouds.openstack.swift.v1.config.SwiftTypeAdapters;
import org.jclouds.openstack.swift.v1.domain.ObjectList;
import org.jclouds.openstack.swift.v1.domain.SwiftObject;
import org.jclouds.openstack.swift.v1.features.ContainerApi;
import org.jclouds.openstack.swift.v1.features.ObjectApi;
import org.jclouds.openstack.swift.v1.options.ListContainerOptions;
import org.jclouds.rest.AuthorizationException;

import com.google.inject.Module;

import io.fluvius.media.connector.BlobInfo;
import io.fluvius.media.connector.BlobNotFoundException;
import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;
import io.fluvius.media.connector.MediaStorageException;

/**
 * Protocol {@code swift}: OpenStack Swift through jclouds' {@code openstack-swift} API (TempAuth or Keystone
 * v3), keys as objects of one container. An object larger than one segment is a static large object
 * ({@link SwiftLargeObjects}) whose segments live in a second container ({@code <container>_segments}, so
 * that listings show only keys). Each set of segments belongs to exactly one manifest: a move hands the
 * manifest over, a copy writes new segments, and replacing or deleting a large object deletes its segments.
 */
final class SwiftBackend implements StorageBackend {

    private static final int LIST_PAGE = 1000;

    /**
     * The API without its BlobStore view, which this class does not use: building that view's Guice bindings
     * costs time at every open and logs a warning about its own slowness. Authentication as jclouds does it,
     * but a refused TempAuth key is final at once ({@link SwiftAuthentication}).
     */
    private static final SwiftApiMetadata API = new SwiftApiMetadata().toBuilder()
            .defaultModules(Set.<Class<? extends Module>>of(SwiftAuthentication.class,
                    ServiceCatalogModule.class, ServiceCatalogModule.RegionModule.class,
                    SwiftTypeAdapters.class, SwiftHttpApiModule.class))
            .build();

    private final SwiftSettings settings;
    private final String fsKey;
    private final SwiftApi api;
    private final BackendFailures failures;
    private final ContainerApi containers;
    private final ObjectApi objects;
    private final SwiftLargeObjects largeObjects;

    private SwiftBackend(SwiftSettings settings, SwiftApi api) {
        this.settings = settings;
        this.fsKey = settings.fsKey();
        this.api = api;
        this.failures = new BackendFailures(fsKey);
        String segmentContainer = settings.container() + SwiftLargeObjects.SEGMENTS_SUFFIX;
        try {
            // The first call authenticates: a refused secret surfaces here, when the filesystem is opened.
            String region = region(settings, api.getConfiguredRegions());
            this.containers = api.getContainerApi(region);
            containers.create(settings.container());
            containers.create(segmentContainer);
            this.objects = api.getObjectApi(region, settings.container());
            this.largeObjects = new SwiftLargeObjects(fsKey, settings.segmentSize(), objects,
                    api.getStaticLargeObjectApi(region, settings.container()),
                    api.getObjectApi(region, segmentContainer), segmentContainer);
        } catch (RuntimeException e) {
            throw openFailed(settings, e);
        }
    }

    /**
     * Registration's check: the parameters, then authentication and one request with the token (a HEAD of
     * the container), so that a refused secret is an invalid definition naming its parameter. A Swift that
     * does not answer does not make the definition wrong (it may be down for a while): first use reports it.
     *
     * @throws InvalidFilesystemException for a bad parameter, a refused secret or an unknown region
     */
    static void check(FilesystemSpec spec) {
        SwiftSettings settings = SwiftSettings.of(spec);
        SwiftApi api = buildApi(settings);
        try {
            api.getContainerApi(region(settings, api.getConfiguredRegions())).get(settings.container());
        } catch (RuntimeException e) {
            if (openFailed(settings, e) instanceof InvalidFilesystemException invalid) {
                throw invalid;
            }
            // Unreachable now: first use reports it (503) and retries.
        } finally {
            closeQuietly(api);
        }
    }

    static SwiftBackend open(FilesystemSpec spec) {
        SwiftSettings settings = SwiftSettings.of(spec);
        SwiftApi api = buildApi(settings);
        try {
            return new SwiftBackend(settings, api);
        } catch (RuntimeException e) {
            closeQuietly(api);
            throw e;
        }
    }

    /** Built as every protocol's client is ({@link JcloudsBackend#build}). */
    private static SwiftApi buildApi(SwiftSettings settings) {
        return JcloudsBackend.build(() -> ContextBuilder.newBuilder(API)
                .endpoint(settings.endpoint().toString())
                .credentials(settings.identity(), settings.secret())
                .overrides(settings.overrides()), b -> b.buildApi(SwiftApi.class), settings.secret());
    }

    private static String region(SwiftSettings settings, Set<String> configured) {
        String fsKey = settings.fsKey();
        if (settings.region() == null) {
            if (configured.isEmpty()) {
                throw new InvalidFilesystemException("Filesystem '" + fsKey + "' (protocol swift): the service "
                        + "catalog has no object-store endpoint for this user");
            }
            return configured.iterator().next();
        }
        if (!configured.contains(settings.region())) {
            throw new InvalidFilesystemException("Filesystem '" + fsKey + "' (protocol swift): parameter 'region' "
                    + "names no region of the service catalog; it has " + configured);
        }
        return settings.region();
    }

    /** A refused secret is the definition's fault (named, never repeated); anything else is the service's. */
    private static MediaStorageException openFailed(SwiftSettings settings, RuntimeException e) {
        String fsKey = settings.fsKey();
        if (e instanceof MediaStorageException ours) {
            return ours;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthorizationException) {
                String secret = settings.auth().secretParameter;
                return new InvalidFilesystemException("Filesystem '" + fsKey + "' (protocol swift): " + settings.auth().name
                        + " at " + settings.endpoint() + " refused user '" + settings.identity()
                        + "' with the given '" + secret + "' (or 'secret'); check parameters 'user' and '" + secret + "'");
            }
        }
        return new BackendFailures(fsKey).unavailable(null, e);
    }

    @Override
    public long write(String key, InputStream data) {
        try {
            List<String> replaced = largeObjects.segmentsOf(key);
            long written = largeObjects.upload(key, data);
            largeObjects.deleteSegments(replaced);
            return written;
        } catch (IOException | RuntimeException e) {
            throw failures.writeFailed(key, e);
        }
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
                () -> requireHead(key)));
    }

    private InputStream open(String key, GetOptions options) throws IOException {
        SwiftObject object = objects.get(key, options);
        if (object == null) {
            throw new BlobNotFoundException(fsKey, key);
        }
        return object.getPayload().openStream();
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        return call(key, () -> Optional.ofNullable(objects.getWithoutBody(key)).map(this::toInfo));
    }

    @Override
    public boolean exists(String key) {
        return call(key, () -> objects.getWithoutBody(key) != null);
    }

    @Override
    public boolean delete(String key) {
        return call(key, () -> {
            SwiftObject object = objects.getWithoutBody(key);
            if (object == null) {
                return false;
            }
            if (SwiftLargeObjects.isLargeObject(object)) {
                largeObjects.delete(key);
            } else {
                objects.delete(key);
            }
            return true;
        });
    }

    /** A large object's manifest moves and its segments stay where they are; a small one is copied server-side. */
    @Override
    public void move(String source, String target) {
        replace(source, target, object -> {
            if (SwiftLargeObjects.isLargeObject(object) && largeObjects.handOver(object, target)) {
                // A plain DELETE of a manifest leaves its segments: they are the target's now.
                objects.delete(source);
                return;
            }
            // Small, a large object whose segments are not all listed (yet), or one whose writer's mark is
            // still there: its bytes move.
            copyObject(object, source, target);
            if (SwiftLargeObjects.isLargeObject(object)) {
                largeObjects.delete(source);
            } else {
                objects.delete(source);
            }
        });
    }

    /** A large object is streamed into new segments: two manifests never share a segment. */
    @Override
    public void copy(String source, String target) {
        replace(source, target, object -> copyObject(object, source, target));
    }

    /** What {@link #replace} does to the source's object. */
    @FunctionalInterface
    private interface Replacement {
        void apply(SwiftObject source) throws IOException;
    }

    /**
     * The steps move and copy share: the source must exist, a key onto itself changes nothing, and once the
     * target holds its new object, the segments of the one it held before are deleted.
     */
    private void replace(String source, String target, Replacement replacement) {
        call(source, () -> {
            SwiftObject object = requireHead(source);
            if (source.equals(target)) {
                return null;
            }
            List<String> replaced = largeObjects.segmentsOf(target);
            replacement.apply(object);
            largeObjects.deleteSegments(replaced);
            return null;
        });
    }

    /** Server-side for a small object; a large one is streamed into segments of the target's own. */
    private void copyObject(SwiftObject object, String source, String target) throws IOException {
        if (SwiftLargeObjects.isLargeObject(object)) {
            try (InputStream in = open(source, GetOptions.NONE)) {
                largeObjects.upload(target, in);
            }
        } else {
            objects.copy(target, settings.container(), source);
        }
    }

    /** Segments of uploads whose writer died before publishing the manifest (see SwiftLargeObjects). */
    @Override
    public int abortStaleUploads(java.time.Instant startedBefore) {
        return call(null, () -> largeObjects.abortStale(startedBefore));
    }

    @Override
    public List<BlobInfo> list(String prefix) {
        return call(prefix, () -> {
            List<BlobInfo> found = new ArrayList<>();
            String marker = null;
            while (true) {
                ListContainerOptions options = new ListContainerOptions().limit(LIST_PAGE);
                if (!prefix.isEmpty()) {
                    options.prefix(prefix);
                }
                if (marker != null) {
                    options.marker(marker);
                }
                ObjectList page = objects.list(options);
                if (page == null || page.isEmpty()) {
                    break;
                }
                page.forEach(object -> found.add(toInfo(object)));
                if (page.size() < LIST_PAGE) {
                    break;
                }
                marker = page.get(page.size() - 1).getName();
            }
            // Swift orders by UTF-8 bytes; the driver's key order is String order.
            found.sort(Comparator.comparing(BlobInfo::key));
            return found;
        });
    }

    @Override
    public boolean isUsable() {
        try {
            return containers.get(settings.container()) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closeQuietly(api);
    }

    private static void closeQuietly(SwiftApi api) {
        try {
            api.close();
        } catch (IOException | RuntimeException ignored) {
            // Nothing is left to release that the JVM would not.
        }
    }

    private SwiftObject requireHead(String key) {
        SwiftObject object = objects.getWithoutBody(key);
        if (object == null) {
            throw new BlobNotFoundException(fsKey, key);
        }
        return object;
    }

    private BlobInfo toInfo(SwiftObject object) {
        Long size = object.getPayload() == null ? null : object.getPayload().getContentMetadata().getContentLength();
        return new BlobInfo(object.getName(), size == null ? -1 : size,
                object.getLastModified() == null ? null : object.getLastModified().toInstant());
    }

    @FunctionalInterface
    private interface StorageCall<T> {
        T run() throws IOException;
    }

    private <T> T call(String key, StorageCall<T> operation) {
        try {
            return operation.run();
        } catch (IOException | RuntimeException e) {
            throw failures.translate(key, e);
        }
    }
}
