package io.fluvius.media.core;

import java.io.Serial;
import java.nio.charset.StandardCharsets;
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
import io.fluvius.media.core.secrets.SecretBox;
import io.fluvius.media.core.secrets.SecretUnavailableException;

/**
 * A filesystem registered at run time: a key, a protocol and the parameters that reach its storage. Secret
 * parameters ({@link #isSecret}) are held sealed with the master key ({@link SecretBox}, bound to the row: fsKey and
 * parameter name), so the row, the second-level cache and the filesystem cache hold only sealed values; they are
 * opened only in {@link #toSpec(SecretBox)}, for the driver, and never for display.
 */
@Entity
@Cacheable
@Table(name = "media_filesystem")
public class MediaFilesystem implements MediaRecord {

    private static final long serialVersionUID = 1L;
    /** The columns' sizes (V1__entries_and_filesystems.sql): a parameter's value, its name, the filesystem's name. */
    static final int MAX_VALUE = 4000;
    static final int MAX_PARAM_NAME = 128;
    static final int MAX_NAME = 255;
    /** What a registered key is: registration refuses any other, so no other is ever looked up in the database. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** What a sealed value starts with; a secret without it was stored before secrets were sealed. */
    private static final String SEALED_PREFIX = "aesgcm1:";
    /** Where a secret parameter's value may be opened: this filesystem's parameter of that name, nowhere else. */
    private static final String CONTEXT = "media_filesystem_param:";
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(secret|credential|password|passwd|token|private|access[-_]?key|account[-_]?key|service[-_]?account|sas).*");

    /** Whether {@code fsKey} may be registered: 1 to 64 letters, digits, '.', '_' or '-', a letter or digit first. */
    public static boolean isRegistrableKey(String fsKey) {
        return fsKey != null && KEY.matcher(fsKey).matches();
    }

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
    @Column(name = "param_value", length = MAX_VALUE)
    private Map<String, String> params = new LinkedHashMap<>();
    @Column(nullable = false)
    private Instant created;

    /** For JPA only. */
    protected MediaFilesystem() {
    }

    /**
     * @param params the parameters as stored: secret ones sealed ({@link #sealing} seals a new registration's)
     */
    public MediaFilesystem(String fsKey, String protocol, String name, Map<String, String> params, Instant created) {
        this.fsKey = Objects.requireNonNull(fsKey, "fsKey");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.name = name;
        this.params = params == null ? new LinkedHashMap<>() : new LinkedHashMap<>(params);
        this.created = Objects.requireNonNull(created, "created");
    }

    /**
     * A new registration with its secret parameters sealed.
     *
     * @param params the parameters as given, secrets in plain text
     * @param box    the master key's box; {@code null} when there is none
     * @throws SecretUnavailableException when a parameter is secret and there is no box: a secret is never stored
     *                                    in plain text
     */
    public static MediaFilesystem sealing(String fsKey, String protocol, String name, Map<String, String> params,
            Instant created, SecretBox box) {
        var stored = new LinkedHashMap<String, String>();
        if (params != null) {
            params.forEach((k, v) -> {
                if (!isSecret(k) || v == null) {
                    stored.put(k, v);
                } else if (box == null) {
                    throw new SecretUnavailableException("Filesystem '" + fsKey + "' has the secret parameter '" + k
                            + "', and this server has no master key to seal it with (see the README's 'Master key')");
                } else {
                    String sealed = box.seal(v.getBytes(StandardCharsets.UTF_8), context(fsKey, k));
                    if (sealed.length() > MAX_VALUE) { // sealing adds a third and ~60 characters
                        throw new InvalidMediaRequestException("The secret parameter '" + k + "' is too long to"
                                + " store sealed (at most " + MAX_VALUE + " characters sealed, about 2,950 plain)");
                    }
                    stored.put(k, sealed);
                }
            });
        }
        return new MediaFilesystem(fsKey, protocol, name, stored, created);
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

    /** Whether any parameter is a secret. */
    public boolean hasSecrets() {
        return params.keySet().stream().anyMatch(MediaFilesystem::isSecret);
    }

    /**
     * The parameters as stored, secret ones sealed: for a cache in front of the database, never for display.
     */
    public Map<String, String> storedParams() {
        return new LinkedHashMap<>(params);
    }

    /**
     * Everything the driver needs, secrets opened: hand it to the driver and never keep, show or serialise it. A
     * secret without the sealed prefix was stored before secrets were sealed and is passed on as it is.
     *
     * @param box the master key's box; {@code null} when there is none
     * @throws SecretUnavailableException when a sealed secret cannot be opened (no box, a key this server lacks,
     *                                    or an altered value)
     */
    public FilesystemSpec toSpec(SecretBox box) {
        var opened = new LinkedHashMap<String, String>();
        params.forEach((k, v) -> {
            if (isSecret(k) && v != null && v.startsWith(SEALED_PREFIX)) {
                if (box == null) {
                    throw new SecretUnavailableException("Filesystem '" + fsKey + "' has a sealed secret parameter ('"
                            + k + "'), and this server has no master key to open it (see the README's 'Master key')");
                }
                opened.put(k, new String(box.open(v, context(fsKey, k)), StandardCharsets.UTF_8));
            } else {
                opened.put(k, v);
            }
        });
        return new FilesystemSpec(fsKey, protocol, opened);
    }

    private static String context(String fsKey, String paramName) {
        return CONTEXT + fsKey + ":" + paramName;
    }

    /** Whether a parameter of this name holds a secret (a password, a secret key, a token). */
    public static boolean isSecret(String paramName) {
        var lower = paramName.toLowerCase(java.util.Locale.ROOT);
        // "key" alone is an S3 access key id in fsspec's naming: an identity, but treated as a credential.
        return lower.equals("key") || SECRET_NAME.matcher(lower).matches();
    }

    /**
     * Serialised (the remote view's results, anything else that serialises it), a registration travels as a copy
     * whose secret parameters are left out altogether, as in JSON ({@link #getParams}): neither their values nor
     * their sealed forms leave the server. The copy's map is a plain one, too: a fetched registration's is the
     * persistence provider's own collection, a class that a client outside the server lacks. Caches that must
     * keep the secrets hold {@link #storedParams} instead of this object.
     */
    @Serial
    private Object writeReplace() {
        return new MediaFilesystem(fsKey, protocol, name, getParams(), created);
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
