package io.fluvius.media.core.pipeline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.security.DigestInputStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

import io.fluvius.media.connector.BlobInfo;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.core.ChecksumMismatchException;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.MediaSourceException;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.compress.CompressionMethod;
import io.fluvius.media.core.io.CompressingInputStream;
import io.fluvius.media.core.io.CountingInputStream;
import io.fluvius.media.core.io.HeadCapturingInputStream;
import io.fluvius.media.core.io.Sha256;
import io.fluvius.media.core.io.SizeLimitedInputStream;
import io.fluvius.media.core.mime.MimeDetector;
import io.fluvius.media.core.storage.ContentKey;
import io.fluvius.media.core.storage.ContentLocks;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.core.storage.StorageErrors;
import io.fluvius.media.core.store.MediaManager;

/**
 * A put, end to end (DESIGN.md): one pass over the source (size limit, SHA-256 and CRC32C, MIME sniffing on the
 * first bytes, optional compression) into a temporary key; then, with the hash known, publish under the
 * content-derived key (reusing identical bytes already there) and insert the entry. Any failure before
 * the entry exists removes the temporary key: a failed put leaves neither entry nor bytes.
 */
public class PutPipeline {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_FILENAME_LENGTH = 1024;
    /** Content up to this size is held in memory until hashed and written straight to its final key. */
    static final int SMALL_CONTENT = 64 * 1024;

    private final MediaSettings settings;
    private final Filesystems filesystems;
    private final BlobPublisher publisher;
    private final MimeDetector mimeDetector;
    private final Clock clock;

    public PutPipeline(MediaSettings settings, MediaManager manager, Filesystems filesystems, ContentLocks locks,
                       MimeDetector mimeDetector, Clock clock) {
        this.settings = settings;
        this.filesystems = filesystems;
        this.publisher = new BlobPublisher(manager, locks);
        this.mimeDetector = mimeDetector;
        this.clock = clock;
    }

    public MediaEntry put(InputStream source, PutOptions options) {
        var request = validate(options);
        try (MediaConnection connection = filesystems.connect(request.fsKey())) {
            Optional<BlobInfo> known = alreadyStored(connection, request);
            if (known.isPresent()) {
                // The caller declared the hash of bytes this filesystem already holds: verify, write nothing.
                long storedLength = known.get().size();
                Received received = receive(source, request, original -> {
                    original.transferTo(OutputStream.nullOutputStream());
                    return storedLength;
                });
                return publish(connection, null, request, received);
            }
            String temporaryKey = ContentKey.temporary();
            var small = new byte[1][];
            boolean published = false;
            try {
                Received received = receive(source, request, original -> {
                    // Content that ends within the first bytes is hashed before anything is written: it can
                    // go straight to its final key, which saves a temporary key, a rename and an fsync.
                    byte[] head = original.readNBytes(SMALL_CONTENT + 1);
                    if (head.length <= SMALL_CONTENT) {
                        small[0] = stored(head, request.compression());
                        return small[0].length;
                    }
                    InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), original);
                    try (InputStream toStore = request.compression() == null
                            ? whole : new CompressingInputStream(whole, request.compression())) {
                        return connection.write(temporaryKey, toStore);
                    }
                });
                MediaEntry entry = small[0] != null
                        ? publishSmall(connection, small[0], request, received)
                        : publish(connection, temporaryKey, request, received);
                published = true;
                return entry;
            } finally {
                if (!published && small[0] == null) {
                    BlobPublisher.deleteQuietly(connection, temporaryKey);
                }
            }
        }
    }

    private Optional<BlobInfo> alreadyStored(MediaConnection connection, Request request) {
        if (request.expectedSha256() == null || !settings.dedup()) {
            return Optional.empty();
        }
        try {
            return connection.stat(ContentKey.of(request.expectedSha256(), request.compression()));
        } catch (MediaStorageException e) {
            throw StorageErrors.translate(request.fsKey(), e);
        }
    }

    /** Where the original bytes of a put go; returns the number of bytes stored for them. */
    @FunctionalInterface
    private interface Sink {
        long accept(InputStream original) throws IOException;
    }

    /** Streams the source once into the sink, measuring everything the entry needs. */
    private Received receive(InputStream source, Request request, Sink sink) {
        var limited = new SizeLimitedInputStream(source, settings.maxFileSize());
        var counted = new CountingInputStream(limited);
        var checked = new CheckedInputStream(counted, new CRC32C());
        var digesting = new DigestInputStream(checked, Sha256.newDigest());
        var head = new HeadCapturingInputStream(digesting, MimeDetector.HEAD_SIZE);
        var guard = new SourceGuard(head);
        long stored;
        try {
            stored = sink.accept(guard);
        } catch (MediaStorageException e) {
            throw sourceFailureOr(guard, counted, StorageErrors.translate(request.fsKey(), e));
        } catch (IOException | RuntimeException e) {
            throw sourceFailureOr(guard, counted, e instanceof RuntimeException r ? r
                    : new MediaSourceException(counted.count(), (IOException) e));
        }
        if (guard.ioFailure() != null || guard.runtimeFailure() != null) {
            // A backend that swallowed the failure must not turn a truncated stream into an entry.
            throw sourceFailureOr(guard, counted, null);
        }
        String hash = Sha256.hex(digesting.getMessageDigest());
        if (request.expectedSha256() != null && !request.expectedSha256().equals(hash)) {
            throw new ChecksumMismatchException(request.expectedSha256(), hash);
        }
        String mime = request.mimeType() != null ? request.mimeType()
                : mimeDetector.detect(head.head(), request.options().filename());
        return new Received(hash, counted.count(), stored, mime, checked.getChecksum().getValue());
    }

    private static RuntimeException sourceFailureOr(SourceGuard guard, CountingInputStream counted,
                                                    RuntimeException otherwise) {
        if (guard.runtimeFailure() != null) {
            return guard.runtimeFailure();
        }
        if (guard.ioFailure() != null) {
            return new MediaSourceException(counted.count(), guard.ioFailure());
        }
        return otherwise;
    }

    /** The bytes to store for small content: as they are, or compressed in memory. */
    private static byte[] stored(byte[] original, CompressionMethod compression) throws IOException {
        if (compression == null) {
            return original;
        }
        try (InputStream compressed = new CompressingInputStream(new ByteArrayInputStream(original), compression)) {
            return compressed.readAllBytes();
        }
    }

    private MediaEntry publish(MediaConnection connection, String temporaryKey, Request request, Received received) {
        UUID id = UUID.randomUUID();
        String contentKey = contentKey(id, request, received);
        return publisher.publish(connection, temporaryKey, contentKey, settings.dedup(), entry(id, contentKey, request, received));
    }

    private MediaEntry publishSmall(MediaConnection connection, byte[] stored, Request request, Received received) {
        UUID id = UUID.randomUUID();
        String contentKey = contentKey(id, request, received);
        return publisher.publishBytes(connection, stored, contentKey, settings.dedup(), entry(id, contentKey, request, received));
    }

    private String contentKey(UUID id, Request request, Received received) {
        return settings.dedup()
                ? ContentKey.of(received.hash(), request.compression())
                : ContentKey.unique(id, request.compression());
    }

    private Supplier<MediaEntry> entry(UUID id, String contentKey, Request request, Received received) {
        return () -> MediaEntry.builder()
                .id(id)
                .filename(request.options().filename())
                .filehash(received.hash())
                .filemime(received.mime())
                .length(received.length())
                .fsKey(request.fsKey())
                .fsPath(contentKey)
                .compress(request.compression())
                .storedLength(received.storedLength())
                .crc32c(received.crc32c())
                .resource(request.options().resource())
                .resourceId(request.options().resourceId())
                .metadata(request.options().metadata())
                .created(clock.instant().truncatedTo(ChronoUnit.MICROS))
                .build();
    }

    private Request validate(PutOptions options) {
        if (options == null) {
            throw new InvalidMediaRequestException("PutOptions are required (at least a filename)");
        }
        String filename = options.filename();
        if (filename == null || filename.isBlank()) {
            throw new InvalidMediaRequestException("media.filename-required", "A filename is required");
        }
        if (filename.length() > MAX_FILENAME_LENGTH || filename.indexOf('\0') >= 0) {
            throw new InvalidMediaRequestException("filename must be at most " + MAX_FILENAME_LENGTH
                    + " characters without NUL");
        }
        String expected = options.expectedSha256();
        if (expected != null && !SHA256_HEX.matcher(expected).matches()) {
            throw new InvalidMediaRequestException("expectedSha256 must be 64 hex digits");
        }
        String fsKey = options.fsKey() == null || options.fsKey().isBlank() ? settings.defaultFsKey() : options.fsKey();
        CompressionMethod compression = CompressionMethod.parse(options.compress()).orElse(null);
        return new Request(options, fsKey, compression,
                expected == null ? null : expected.toLowerCase(Locale.ROOT),
                options.mimeType() == null || options.mimeType().isBlank() ? null : options.mimeType());
    }

    private record Request(PutOptions options, String fsKey, CompressionMethod compression, String expectedSha256,
                           String mimeType) {
    }

    private record Received(String hash, long length, long storedLength, String mime, long crc32c) {
    }
}
