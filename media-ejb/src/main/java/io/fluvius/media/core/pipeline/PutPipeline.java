package io.fluvius.media.core.pipeline;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
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
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.ChecksumMismatchException;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.MediaSourceException;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.compress.CompressionMethod;
import io.fluvius.media.core.io.BlockChecksummingInputStream;
import io.fluvius.media.core.io.BlockChecksums;
import io.fluvius.media.core.io.CompressingInputStream;
import io.fluvius.media.core.io.CountingInputStream;
import io.fluvius.media.core.io.HeadCapturingInputStream;
import io.fluvius.media.core.io.Sha256;
import io.fluvius.media.core.io.SizeLimitedInputStream;
import io.fluvius.media.core.ledger.BlobLedger;
import io.fluvius.media.core.ledger.BlobLedger.Pin;
import io.fluvius.media.core.ledger.DedupKey;
import io.fluvius.media.core.ledger.Lease;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.StorageIntent;
import io.fluvius.media.core.ledger.StoredContent;
import io.fluvius.media.core.mime.MimeDetector;
import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.storage.Filesystems;

/**
 * A put, end to end (DESIGN.md). With no transaction open (a caller's is suspended meanwhile), one pass
 * over the source: size limit, SHA-256 and CRC32C, MIME sniffing on the first bytes, optional compression
 * and a CRC32C per stored block, into a fresh key whose intent was committed first; the bytes are durable
 * when the write returns. Then one short transaction (the caller's, when one is open) records the blob
 * and the entry, or references the canonical blob when identical content is already stored, whose fresh
 * copy is then deleted. A put that knows its content's hash before writing (a declared digest, or small
 * content read ahead) pins the canonical blob instead and writes nothing. A failed put leaves no entry;
 * what it wrote it deletes, or garbage collection does.
 */
public class PutPipeline {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_FILENAME_LENGTH = 1024;
    /** resource, resourceId, mimeType and metadata keys: VARCHAR(255) in the entry's tables. */
    static final int MAX_TEXT_LENGTH = 255;
    /** A metadata value: VARCHAR(4000). */
    static final int MAX_METADATA_VALUE_LENGTH = 4000;
    /** Content up to this size is read ahead and hashed before anything is written: stored once, or not at all. */
    static final int SMALL_CONTENT = 64 * 1024;

    private final MediaSettings settings;
    private final MediaManager manager;
    private final Filesystems filesystems;
    private final BlobLedger ledger;
    private final Recording recording;
    private final ReservedWrites reserved;
    private final MimeDetector mimeDetector;
    private final Clock clock;

    public PutPipeline(MediaSettings settings, MediaManager manager, Filesystems filesystems, BlobLedger ledger,
                       MimeDetector mimeDetector, Clock clock) {
        this.settings = settings;
        this.manager = manager;
        this.filesystems = filesystems;
        this.ledger = ledger;
        this.recording = new Recording(ledger, filesystems);
        this.reserved = new ReservedWrites(ledger, clock, settings.writeReserve());
        this.mimeDetector = mimeDetector;
        this.clock = clock;
    }

    public MediaEntry put(InputStream source, PutOptions options) {
        var request = validate(options);
        try (MediaConnection connection = filesystems.connect(request.fsKey())) {
            Prepared prepared = manager.outsideTransaction(() -> prepare(connection, source, request));
            return prepared.record();
        }
    }

    /**
     * Drops the write intents taken ahead that no put has used (see {@code media.upload.reserve}); for a
     * server that stops. Puts after it take new ones.
     */
    public void releaseReservedWrites() {
        reserved.release();
    }

    /** What a put has done before its transaction: bytes written under an intent, or a blob pinned. */
    private interface Prepared {
        MediaEntry record();
    }

    /** Reads (and, unless it pins a blob, writes) the content; no transaction is open here. */
    private Prepared prepare(MediaConnection connection, InputStream source, Request request) {
        if (request.expectedSha256() != null && settings.dedup()) {
            Optional<Pin> pin = ledger.pin(dedupKey(request, request.expectedSha256()));
            if (pin.isPresent()) {
                return verifyPinned(source, request, pin.get());
            }
        }
        byte[] head = readAhead(source);
        if (head.length <= SMALL_CONTENT && settings.dedup()) {
            Optional<Pin> pin = ledger.pin(dedupKey(request, Sha256.of(head)));
            if (pin.isPresent()) {
                return verifyPinned(new ByteArrayInputStream(head), request, pin.get());
            }
        }
        InputStream content = head.length <= SMALL_CONTENT ? new ByteArrayInputStream(head)
                : new SequenceInputStream(new ByteArrayInputStream(head), source);
        return write(connection, content, request);
    }

    /** Streams the content to a fresh key under a committed intent whose lease it keeps alive. */
    private Prepared write(MediaConnection connection, InputStream content, Request request) {
        StorageIntent intent = reserved.take(request.fsKey(), request.compression());
        Received received = recording.streaming(intent, () -> receive(new Lease(ledger, intent, clock).watch(content),
                request, original -> {
                    InputStream toStore = request.compression() == null ? original
                            : new CompressingInputStream(original, request.compression());
                    var blocks = new BlockChecksummingInputStream(toStore, settings.blockSize());
                    try (toStore) {
                        long storedLength = connection.write(intent.getStorageKey(), blocks);
                        return new Stored(storedLength, blocks.checksums());
                    }
                }));
        return () -> recording.written(intent, received.content(request.compression()), settings.dedup(),
                entry(request, received));
    }

    /** Reads the content to check it against the pinned blob's hash, writing nothing. */
    private Prepared verifyPinned(InputStream content, Request request, Pin pin) {
        Received received = recording.pinned(pin, () -> {
            Received read = receive(new Lease(ledger, pin.intent(), clock).watch(content), request, original -> {
                original.transferTo(OutputStream.nullOutputStream());
                return new Stored(pin.blob().getStoredLength(), pin.blob().blocks());
            });
            if (!read.hash().equals(pin.blob().getContentHash())) {
                throw new ChecksumMismatchException(pin.blob().getContentHash(), read.hash());
            }
            return read;
        });
        return () -> recording.referencing(pin, entry(request, received));
    }

    /** Up to one byte more than {@link #SMALL_CONTENT}: all of a small content, the start of a larger one. */
    private static byte[] readAhead(InputStream source) {
        try {
            return source.readNBytes(SMALL_CONTENT + 1);
        } catch (IOException e) {
            throw new MediaSourceException(0, e);
        }
    }

    /** Where the original bytes of a put go. */
    @FunctionalInterface
    private interface Sink {
        Stored accept(InputStream original) throws IOException;
    }

    private record Stored(long length, BlockChecksums blocks) {
    }

    /** Streams the content once into the sink, measuring everything the entry needs. */
    private Received receive(InputStream content, Request request, Sink sink) {
        var limited = new SizeLimitedInputStream(new CallersStream(content), settings.maxFileSize());
        var counted = new CountingInputStream(limited);
        var checked = new CheckedInputStream(counted, new CRC32C());
        var digesting = new DigestInputStream(checked, Sha256.newDigest());
        var head = new HeadCapturingInputStream(digesting, MimeDetector.HEAD_SIZE);
        Stored stored;
        try {
            stored = sink.accept(head);
        } catch (MediaSourceException e) {
            throw new MediaSourceException(counted.count(), (IOException) e.getCause());
        } catch (IOException e) {
            throw new MediaSourceException(counted.count(), e);
        }
        String hash = Sha256.hex(digesting.getMessageDigest());
        if (request.expectedSha256() != null && !request.expectedSha256().equals(hash)) {
            throw new ChecksumMismatchException(request.expectedSha256(), hash);
        }
        String mime = request.mimeType() != null ? request.mimeType()
                : mimeDetector.detect(head.head(), request.options().filename());
        return new Received(hash, counted.count(), stored, mime, checked.getChecksum().getValue());
    }

    /** The caller's content: read to its end here, never closed (the caller closes it). */
    private static final class CallersStream extends FilterInputStream {

        CallersStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // The caller's to close.
        }
    }

    private String dedupKey(Request request, String sha256) {
        return DedupKey.of(request.fsKey(), sha256, request.compression());
    }

    /** The new entry, once the ledger has chosen its blob. */
    private Function<MediaBlob, MediaEntry> entry(Request request, Received received) {
        UUID id = UUID.randomUUID();
        return blob -> MediaEntry.builder()
                .id(id)
                .blob(blob)
                .filename(request.options().filename())
                .filemime(received.mime())
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
        // The columns' sizes (V1__entries_and_filesystems.sql), checked here: a value that does not fit is the
        // caller's mistake (400), not a failed insert (500); NUL is refused as PostgreSQL refuses it in text.
        requireText("resource", options.resource(), MAX_TEXT_LENGTH);
        requireText("resourceId", options.resourceId(), MAX_TEXT_LENGTH);
        requireText("mimeType", options.mimeType(), MAX_TEXT_LENGTH);
        options.metadata().forEach((key, value) -> {
            requireText("A metadata key", key, MAX_TEXT_LENGTH);
            requireText("The value of metadata '" + key + "'", value, MAX_METADATA_VALUE_LENGTH);
        });
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

    private static void requireText(String field, String value, int maxLength) {
        if (value != null && (value.length() > maxLength || value.indexOf('\0') >= 0)) {
            throw new InvalidMediaRequestException("media.invalid-field", field + " must be at most " + maxLength
                    + " characters without NUL" + (value.length() > maxLength ? ", was " + value.length() : ""));
        }
    }

    private record Request(PutOptions options, String fsKey, CompressionMethod compression, String expectedSha256,
                           String mimeType) {
    }

    private record Received(String hash, long length, Stored stored, String mime, long crc32c) {

        StoredContent content(CompressionMethod compression) {
            return new StoredContent(hash, length, crc32c, compression, stored.length(), stored.blocks());
        }
    }
}
