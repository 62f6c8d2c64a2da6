package io.fluvius.media.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The core's configuration as plain values; the server reads them from MicroProfile Config
 * ({@code media.*} keys) and passes them in.
 *
 * @param defaultFsKey  {@code media.default-filesystem}
 * @param maxFileSize   {@code media.max-file-size}: the largest original content a put accepts
 * @param chunkSize     {@code media.chunk-size}: the copy buffer
 * @param dedup         {@code media.dedup}: identical content on one filesystem is stored once
 * @param getMaxBytes   {@code media.get.max-bytes}: the largest file {@code get} returns as an array
 * @param blockSize     {@code media.block-size}: stored bytes are checksummed per block of this size, so a
 *                      read checks each block before sending any of it (also the memory a read buffers)
 * @param uploadLease   {@code media.upload.lease}: how long garbage collection leaves an upload that has
 *                      stopped sending (the upload renews it while bytes flow)
 * @param contentLocks  {@code media.content-locks}: queue identical puts in this JVM before the database
 *                      does, so that fewer hold a connection while they wait; off by default (the database's
 *                      locks alone keep the invariants, and with the JVM's queue in front a race of identical
 *                      puts measured slower)
 * @param writeReserve  {@code media.upload.reserve}: how many write intents a put that finds none ready commits
 *                      at once, for the puts after it on this server to take one each instead of committing
 *                      their own; 1 commits one per put
 */
public record MediaSettings(String defaultFsKey, long maxFileSize, int chunkSize, boolean dedup, long getMaxBytes,
                            int blockSize, Duration uploadLease, boolean contentLocks, int writeReserve) {

    public static final MediaSettings DEFAULTS = new MediaSettings("file", 104_857_600L, 65_536, true, 16_777_216L,
            1024 * 1024, Duration.ofMinutes(2), false, 1);

    public MediaSettings {
        if (defaultFsKey == null || defaultFsKey.isBlank()) {
            throw new IllegalArgumentException("defaultFsKey is required");
        }
        if (maxFileSize <= 0 || chunkSize <= 0 || getMaxBytes <= 0 || blockSize <= 0) {
            throw new IllegalArgumentException("maxFileSize, chunkSize, getMaxBytes and blockSize must be positive");
        }
        Objects.requireNonNull(uploadLease, "uploadLease");
        if (uploadLease.isNegative() || uploadLease.isZero()) {
            throw new IllegalArgumentException("uploadLease must be positive, was " + uploadLease);
        }
        if (writeReserve < 1) {
            throw new IllegalArgumentException("writeReserve must be at least 1, was " + writeReserve);
        }
    }

    public MediaSettings withMaxFileSize(long value) {
        return new MediaSettings(defaultFsKey, value, chunkSize, dedup, getMaxBytes,
                blockSize, uploadLease, contentLocks, writeReserve);
    }

    public MediaSettings withGetMaxBytes(long value) {
        return new MediaSettings(defaultFsKey, maxFileSize, chunkSize, dedup, value,
                blockSize, uploadLease, contentLocks, writeReserve);
    }

    public MediaSettings withDedup(boolean value) {
        return new MediaSettings(defaultFsKey, maxFileSize, chunkSize, value, getMaxBytes,
                blockSize, uploadLease, contentLocks, writeReserve);
    }

    public MediaSettings withBlockSize(int value) {
        return new MediaSettings(defaultFsKey, maxFileSize, chunkSize, dedup, getMaxBytes,
                value, uploadLease, contentLocks, writeReserve);
    }

    public MediaSettings withUploadLease(Duration value) {
        return new MediaSettings(defaultFsKey, maxFileSize, chunkSize, dedup, getMaxBytes,
                blockSize, value, contentLocks, writeReserve);
    }

    public MediaSettings withContentLocks(boolean value) {
        return new MediaSettings(defaultFsKey, maxFileSize, chunkSize, dedup, getMaxBytes,
                blockSize, uploadLease, value, writeReserve);
    }

    public MediaSettings withWriteReserve(int value) {
        return new MediaSettings(defaultFsKey, maxFileSize, chunkSize, dedup, getMaxBytes,
                blockSize, uploadLease, contentLocks, value);
    }
}
