package io.fluvius.media.core;

import java.io.Serial;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import jakarta.persistence.Cacheable;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.core.records.MediaRecord;

/** A filesystem registered at run time: a key, a protocol and the parameters that reach its storage. */
@Entity
@Cacheable
@Table(name = "media_filesystem")
public class MediaFilesystem implements MediaRecord {

    private static final long serialVersionUID = 1L;
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(secret|credential|password|passwd|token|private|access[-_]?key|account[-_]?key|sas).*");

    @Id
    @Column(name = "fs_key", length = 64)
    private String fsKey;
    @Column(nullable = false, length = 32)
    private String protocol;
    @Column(length = 255)
    private String name;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "media_filesystem_param", joinColumns = @JoinColumn(name = "fs_key"))
    @MapKeyColumn(name = "param_name", length = 128)
    @Column(name = "param_value", length = 4000)
    private Map<String, String> params = new LinkedHashMap<>();
    @Column(nullable = false)
    private Instant created;

    /** For JPA only. */
    protected MediaFilesystem() {
    }

    public MediaFilesystem(String fsKey, String protocol, String name, Map<String, String> params, Instant created) {
        this.fsKey = Objects.requireNonNull(fsKey, "fsKey");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.name = name;
        this.params = params == null ? new LinkedHashMap<>() : new LinkedHashMap<>(params);
        this.created = Objects.requireNonNull(created, "created");
    }

    public String getFsKey() {
        return fsKey;
    }

    public String getProtocol() {
        return protocol;
    }

    public String getName() {
        return name;
    }

    /** Parameters with every secret one left out: what any API may show. */
    public Map<String, String> getParams() {
        var shown = new LinkedHashMap<String, String>();
        params.forEach((k, v) -> {
            if (!isSecret(k)) {
                shown.put(k, v);
            }
        });
        return shown;
    }

    public Instant getCreated() {
        return created;
    }

    /** Everything the driver needs, secrets included: never serialise this. */
    public FilesystemSpec toSpec() {
        return new FilesystemSpec(fsKey, protocol, params);
    }

    /** Whether a parameter of this name holds a secret (a password, a secret key, a token). */
    public static boolean isSecret(String paramName) {
        var lower = paramName.toLowerCase(java.util.Locale.ROOT);
        // "key" alone is an S3 access key id in fsspec's naming: an identity, but treated as a credential.
        return lower.equals("key") || SECRET_NAME.matcher(lower).matches();
    }

    /**
     * Serialised (the remote view's results), a registration travels as a copy with a plain parameter map: a
     * fetched one's is the persistence provider's own collection, a class that a client outside the server lacks.
     */
    @Serial
    private Object writeReplace() {
        return params.getClass() == LinkedHashMap.class ? this
                : new MediaFilesystem(fsKey, protocol, name, params, created);
    }

    @Override
    public Object recordId() {
        return fsKey;
    }

    @Override
    public Object property(String property) {
        return switch (property) {
            case "fsKey" -> fsKey;
            case "protocol" -> protocol;
            case "name" -> name;
            case "created" -> created;
            default -> throw new IllegalArgumentException("MediaFilesystem has no queryable property '" + property + "'");
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MediaFilesystem that && Objects.equals(fsKey, that.fsKey);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(fsKey);
    }

    @Override
    public String toString() {
        return "MediaFilesystem[fsKey=" + fsKey + ", protocol=" + protocol + "]";
    }
}
