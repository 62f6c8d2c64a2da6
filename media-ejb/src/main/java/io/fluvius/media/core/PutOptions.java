package io.fluvius.media.core;

import java.io.Serializable;
import java.util.Map;

/**
 * What a caller says about a file it stores. Only {@code filename} is required (a {@code Path} source
 * supplies its own); every other field may be {@code null}: the filesystem defaults to
 * {@code media.default-filesystem}, the MIME type is detected, nothing is compressed.
 *
 * @param compress       a {@code CompressionMethod} name ({@code ZSTD}, {@code GZIP}, ...) or {@code null}
 * @param expectedSha256 lowercase or uppercase hex; the put fails with {@link ChecksumMismatchException}
 *                       and stores nothing when the bytes differ
 */
public record PutOptions(String filename, String fsKey, String compress, String resource, String resourceId,
                         String mimeType, Map<String, String> metadata, String expectedSha256)
        implements Serializable {

    public PutOptions {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static PutOptions named(String filename) {
        return new PutOptions(filename, null, null, null, null, null, null, null);
    }

    public PutOptions withFilename(String value) {
        return new PutOptions(value, fsKey, compress, resource, resourceId, mimeType, metadata, expectedSha256);
    }

    public PutOptions withFsKey(String value) {
        return new PutOptions(filename, value, compress, resource, resourceId, mimeType, metadata, expectedSha256);
    }

    public PutOptions withCompress(String value) {
        return new PutOptions(filename, fsKey, value, resource, resourceId, mimeType, metadata, expectedSha256);
    }

    public PutOptions withResource(String value, String id) {
        return new PutOptions(filename, fsKey, compress, value, id, mimeType, metadata, expectedSha256);
    }

    public PutOptions withMimeType(String value) {
        return new PutOptions(filename, fsKey, compress, resource, resourceId, value, metadata, expectedSha256);
    }

    public PutOptions withMetadata(Map<String, String> value) {
        return new PutOptions(filename, fsKey, compress, resource, resourceId, mimeType, value, expectedSha256);
    }

    public PutOptions withExpectedSha256(String value) {
        return new PutOptions(filename, fsKey, compress, resource, resourceId, mimeType, metadata, value);
    }
}
