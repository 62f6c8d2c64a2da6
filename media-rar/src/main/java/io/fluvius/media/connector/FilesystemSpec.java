package io.fluvius.media.connector;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach one filesystem: its key, its protocol (fsspec names: {@code file}, {@code memory},
 * {@code s3}, {@code gcs}, {@code azure}, {@code swift}) and the protocol's parameters
 * ({@code root}, {@code bucket}, {@code endpoint}, {@code region}, {@code key}, {@code secret}, ...).
 */
public record FilesystemSpec(String fsKey, String protocol, Map<String, String> params) implements Serializable {

    public FilesystemSpec {
        Objects.requireNonNull(fsKey, "fsKey");
        Objects.requireNonNull(protocol, "protocol");
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public String param(String name) {
        return params.get(name);
    }

    /** Never prints parameter values: some are secrets. */
    @Override
    public String toString() {
        return "FilesystemSpec[fsKey=" + fsKey + ", protocol=" + protocol + ", params=" + params.keySet() + "]";
    }
}
