package io.fluvius.media.core;

/**
 * The core's configuration as plain values; the server reads them from MicroProfile Config
 * ({@code media.*} keys) and passes them in.
 *
 * @param defaultFsKey  {@code media.default-filesystem}
 * @param maxFileSize   {@code media.max-file-size}: the largest original content a put accepts
 * @param chunkSize     {@code media.chunk-size}: the copy buffer
 * @param dedup         {@code media.dedup}: identical content on one filesystem is stored once
 * @param getMaxBytes   {@code media.get.max-bytes}: the largest file {@code get} returns as an array
 */
public record MediaSettings(String defaultFsKey, long maxFileSize, int chunkSize, boolean dedup, long getMaxBytes) {

    public static final MediaSettings DEFAULTS = new MediaSettings("file", 104_857_600L, 65_536, true, 16_777_216L);

    public MediaSettings {
        if (defaultFsKey == null || defaultFsKey.isBlank()) {
            throw new IllegalArgumentException("defaultFsKey is required");
        }
        if (maxFileSize <= 0 || chunkSize <= 0 || getMaxBytes <= 0) {
            throw new IllegalArgumentException("maxFileSize, chunkSize and getMaxBytes must be positive");
        }
    }

    public MediaSettings withMaxFileSize(long value) {
        return new MediaSettings(defaultFsKey, value, chunkSize, dedup, getMaxBytes);
    }

    public MediaSettings withGetMaxBytes(long value) {
        return new MediaSettings(defaultFsKey, maxFileSize, chunkSize, dedup, value);
    }

    public MediaSettings withDedup(boolean value) {
        return new MediaSettings(defaultFsKey, maxFileSize, chunkSize, value, getMaxBytes);
    }
}
