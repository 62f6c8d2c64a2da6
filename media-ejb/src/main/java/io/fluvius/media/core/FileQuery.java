package io.fluvius.media.core;

import java.io.Serializable;

/**
 * Which entries a listing wants; {@code null} criteria are ignored. A criterion holding NUL is refused (400
 * {@code media.invalid-field}): no stored value holds one (a put refuses it), and PostgreSQL refuses it in text, so
 * that asking would fail the query rather than find nothing.
 */
public record FileQuery(String resource, String resourceId, String fsKey) implements Serializable {

    public FileQuery {
        withoutNul("resource", resource);
        withoutNul("resourceId", resourceId);
        withoutNul("fsKey", fsKey);
    }

    public static FileQuery byResource(String resource, String resourceId) {
        return new FileQuery(resource, resourceId, null);
    }

    public static FileQuery byFilesystem(String fsKey) {
        return new FileQuery(null, null, fsKey);
    }

    private static void withoutNul(String criterion, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new InvalidMediaRequestException("media.invalid-field", criterion + " must not contain NUL");
        }
    }
}
