package io.fluvius.media.core;

import java.io.Serializable;

/** Which entries a listing wants; {@code null} criteria are ignored. */
public record FileQuery(String resource, String resourceId, String fsKey) implements Serializable {

    public static FileQuery byResource(String resource, String resourceId) {
        return new FileQuery(resource, resourceId, null);
    }

    public static FileQuery byFilesystem(String fsKey) {
        return new FileQuery(null, null, fsKey);
    }
}
