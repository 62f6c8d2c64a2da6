package io.fluvius.media.connector.spi;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.security.auth.Subject;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaStorageException;

/**
 * One connection definition: a filesystem, configured by the config properties below (in the server
 * configuration, editable in the admin console), and the factory of connections to it.
 *
 * <p>In the server, the container sets the properties, associates the factory with the
 * {@link MediaResourceAdapter} (which then knows this filesystem under {@code fsKey}) and binds
 * {@link #createConnectionFactory(ConnectionManager)}'s result in JNDI.
 *
 * <p>In plain Java SE, the same classes run without a container, behind
 * {@link io.fluvius.media.connector.MediaDriver#open(FilesystemSpec)} (callers never name this class).
 *
 * <p>Config properties: {@code fsKey} (default {@code file}), {@code protocol} (default {@code file}),
 * {@code root}, {@code bucket}, {@code endpoint}, {@code region}, {@code identity} (the spec's
 * {@code key}), {@code credential} (the spec's {@code secret}), and {@code params},
 * {@code name=value;name=value} for any other parameter. A named property wins over the same name in
 * {@code params}.
 */
@ConnectionDefinition(
        connectionFactory = MediaConnectionFactory.class,
        connectionFactoryImpl = MediaConnectionFactoryImpl.class,
        connection = MediaConnection.class,
        connectionImpl = MediaConnectionImpl.class)
public class MediaManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation,
        AutoCloseable {

    private static final long serialVersionUID = 1L;

    @ConfigProperty(defaultValue = "file", description = "Key applications reach this filesystem by")
    private String fsKey = "file";
    @ConfigProperty(defaultValue = "file", description = "Storage protocol (fsspec name): file, memory, s3")
    private String protocol = "file";
    @ConfigProperty(description = "Protocol file: the directory to store under; created if missing")
    private String root;
    @ConfigProperty(description = "Object stores: the bucket (or container) holding the keys")
    private String bucket;
    @ConfigProperty(description = "Object stores: the service endpoint URL, for S3-compatible stores")
    private String endpoint;
    @ConfigProperty(description = "Object stores: the region")
    private String region;
    @ConfigProperty(description = "Object stores: the access key id (identity)")
    private String identity;
    @ConfigProperty(description = "Object stores: the secret key; may be a credential-store reference",
            confidential = true)
    private String credential;
    @ConfigProperty(description = "Any other protocol parameter, as name=value;name=value")
    private String params;

    /** Parameters of a spec given to {@link #forSpec} that have no property of their own. */
    private Map<String, String> presetParams = Map.of();

    private transient MediaResourceAdapter resourceAdapter;
    private transient FilesystemRegistry ownRegistry;
    private transient FilesystemRegistry definedIn;
    private transient PrintWriter logWriter;

    /**
     * A non-managed factory definition for {@code spec}, for plain Java SE (what {@code MediaDriver.open}
     * builds); call {@link #createConnectionFactory()} on it, and {@link #close()} when done.
     */
    public static MediaManagedConnectionFactory forSpec(FilesystemSpec spec) {
        MediaManagedConnectionFactory factory = new MediaManagedConnectionFactory();
        factory.fsKey = spec.fsKey();
        factory.protocol = spec.protocol();
        Map<String, String> rest = new LinkedHashMap<>(spec.params());
        factory.root = rest.remove("root");
        factory.bucket = rest.remove("bucket");
        factory.endpoint = rest.remove("endpoint");
        factory.region = rest.remove("region");
        factory.identity = rest.remove("key");
        factory.credential = rest.remove("secret");
        factory.presetParams = Map.copyOf(rest);
        return factory;
    }

    /**
     * The filesystem these properties define.
     *
     * @throws io.fluvius.media.connector.InvalidFilesystemException when {@code params} is malformed
     */
    public FilesystemSpec toSpec() {
        Map<String, String> spec = new LinkedHashMap<>(presetParams);
        spec.putAll(ParamsProperty.parse(fsKey, params));
        putIfSet(spec, "root", root);
        putIfSet(spec, "bucket", bucket);
        putIfSet(spec, "endpoint", endpoint);
        putIfSet(spec, "region", region);
        putIfSet(spec, "key", identity);
        putIfSet(spec, "secret", credential);
        return new FilesystemSpec(fsKey, protocol, spec);
    }

    /** A factory whose connections are plain objects, for use outside a container. */
    @Override
    public MediaConnectionFactory createConnectionFactory() {
        return createConnectionFactory(new NonManagedConnectionManager());
    }

    /**
     * @throws io.fluvius.media.connector.InvalidFilesystemException when the definition is unusable, so
     *                                                               that a bad one fails at deployment
     */
    @Override
    public MediaConnectionFactory createConnectionFactory(ConnectionManager connectionManager) {
        registry();
        return new MediaConnectionFactoryImpl(this, connectionManager);
    }

    @Override
    public MediaManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) {
        return new MediaManagedConnection(this, registry());
    }

    /** Any of this definition's managed connections serves any request (see {@link MediaManagedConnection}). */
    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info) {
        for (Object candidate : candidates) {
            if (candidate instanceof MediaManagedConnection managed && equals(managed.factory())) {
                return managed;
            }
        }
        return null;
    }

    /** Once, by the container, before the factory is used; this filesystem joins the adapter's registry. */
    @Override
    public synchronized void setResourceAdapter(ResourceAdapter adapter) throws ResourceException {
        if (!(adapter instanceof MediaResourceAdapter media)) {
            throw new ResourceException("A Fluvius Media connection definition needs the Fluvius Media "
                    + "resource adapter, not " + (adapter == null ? "null" : adapter.getClass().getName()));
        }
        if (resourceAdapter != null && resourceAdapter != media) {
            throw new jakarta.resource.spi.IllegalStateException("This connection definition is already "
                    + "associated with a resource adapter");
        }
        resourceAdapter = media;
        try {
            registry();
        } catch (MediaStorageException e) {
            throw new ResourceException("Connection definition '" + fsKey + "' is unusable: " + e.getMessage(), e);
        }
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    /**
     * Where this factory's connections find filesystems: the adapter's registry in the server, its own
     * outside. Its own filesystem is defined there on first use.
     */
    synchronized FilesystemRegistry registry() {
        FilesystemRegistry registry;
        if (resourceAdapter != null) {
            registry = resourceAdapter.registry();
        } else {
            if (ownRegistry == null) {
                ownRegistry = new FilesystemRegistry();
            }
            registry = ownRegistry;
        }
        if (definedIn != registry) {
            registry.declare(toSpec());
            definedIn = registry;
        }
        return registry;
    }

    /**
     * Closes the backends of a non-managed factory (Java SE); its connections stop working. In the
     * server the adapter owns the backends and this does nothing.
     */
    @Override
    public synchronized void close() {
        if (ownRegistry != null) {
            ownRegistry.close();
        }
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    // JavaBean config properties: the container sets them before the association.

    public String getFsKey() {
        return fsKey;
    }

    public void setFsKey(String fsKey) {
        this.fsKey = fsKey;
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    public String getRoot() {
        return root;
    }

    public void setRoot(String root) {
        this.root = root;
    }

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getIdentity() {
        return identity;
    }

    public void setIdentity(String identity) {
        this.identity = identity;
    }

    public String getCredential() {
        return credential;
    }

    public void setCredential(String credential) {
        this.credential = credential;
    }

    public String getParams() {
        return params;
    }

    public void setParams(String params) {
        this.params = params;
    }

    /** Equal when every config property is (JCA 5.5.3): such factories are interchangeable. */
    @Override
    public boolean equals(Object other) {
        return other instanceof MediaManagedConnectionFactory that
                && Objects.equals(fsKey, that.fsKey) && Objects.equals(protocol, that.protocol)
                && Objects.equals(root, that.root) && Objects.equals(bucket, that.bucket)
                && Objects.equals(endpoint, that.endpoint) && Objects.equals(region, that.region)
                && Objects.equals(identity, that.identity) && Objects.equals(credential, that.credential)
                && Objects.equals(params, that.params) && presetParams.equals(that.presetParams);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fsKey, protocol, root, bucket, endpoint, region, identity, credential, params,
                presetParams);
    }

    /** Never prints the credential. */
    @Override
    public String toString() {
        return "MediaManagedConnectionFactory[fsKey=" + fsKey + ", protocol=" + protocol + "]";
    }

    private static void putIfSet(Map<String, String> spec, String name, String value) {
        if (value != null && !value.isBlank()) {
            spec.put(name, value);
        }
    }
}
