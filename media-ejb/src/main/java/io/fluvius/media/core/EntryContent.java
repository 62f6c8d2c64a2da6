package io.fluvius.media.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.metrics.Measurement;
import io.fluvius.media.core.metrics.MediaOperation;
import io.fluvius.media.core.metrics.OperationMeter;
import io.fluvius.media.core.pipeline.ReadPipeline;
import io.fluvius.media.core.storage.Filesystems;

/**
 * An entry with the blob it references, looked up once ({@link MediaInterface#content}): the entry answers
 * headers, validators and conditional requests, and the bytes are opened from the blob without looking
 * either up again. Nothing is opened, and no read counted, until {@link #local()} or {@link #open()} is
 * called, so a HEAD or a "not modified" costs the lookup only. Every byte handed out is checked against
 * the ledger's checksums, the zero-copy file's included. Holds no open resource itself; not for sending
 * to another JVM.
 */
public final class EntryContent {

    private final MediaEntry entry;
    /** {@code null} when the ledger had no blob for the entry: it moved meanwhile, or lost it; a read says which. */
    private final MediaBlob blob;
    private final ReadPipeline reads;
    private final Filesystems filesystems;
    private final OperationMeter meter;

    EntryContent(MediaEntry entry, MediaBlob blob, ReadPipeline reads, Filesystems filesystems, OperationMeter meter) {
        this.entry = entry;
        this.blob = blob;
        this.reads = reads;
        this.filesystems = filesystems;
        this.meter = meter;
    }

    public MediaEntry entry() {
        return entry;
    }

    /**
     * The original bytes as a file on this machine, opened (the caller closes it), when the entry is stored
     * uncompressed on a local directory and carries checksums; empty otherwise, and then {@link #open()} serves
     * it. The read is counted when the file is closed, by the bytes {@link LocalContent#transfer} sent.
     */
    public Optional<LocalContent> local() {
        return local(meter.start(MediaOperation.READ));
    }

    /** The whole original (decompressed) content; the read is counted when the caller closes the stream. */
    public InputStream open() {
        return open(meter.start(MediaOperation.READ));
    }

    /** {@code length} original bytes from {@code offset} (fewer at the end); counted as {@link #open()} is. */
    public InputStream open(long offset, long length) {
        return open(meter.start(MediaOperation.READ), offset, length);
    }

    Optional<LocalContent> local(Measurement measurement) {
        try {
            Optional<LocalContent> file = localFile(measurement);
            if (file.isEmpty()) {
                measurement.abandon(); // the caller streams it with open(), which counts the read
            }
            return file;
        } catch (RuntimeException e) {
            throw measurement.failed(entry.getFsKey(), e);
        }
    }

    InputStream open(Measurement measurement) {
        return reading(measurement, () -> reads.open(entry, blob));
    }

    InputStream open(Measurement measurement, long offset, long length) {
        return reading(measurement, () -> reads.open(entry, blob, offset, length));
    }

    private InputStream reading(Measurement measurement, Supplier<InputStream> opener) {
        try {
            return measurement.reading(entry.getFsKey(), opener.get());
        } catch (RuntimeException e) {
            throw measurement.failed(entry.getFsKey(), e);
        }
    }

    private Optional<LocalContent> localFile(Measurement measurement) {
        if (blob == null || blob.getCompress() != null || (blob.blocks().isEmpty() && blob.getCrc32c() == null)) {
            return Optional.empty();
        }
        Optional<Path> file;
        try (MediaConnection connection = filesystems.connect(blob.getFsKey())) {
            file = connection.localFile(blob.getStorageKey());
        }
        if (file.isEmpty()) {
            return Optional.empty(); // not a local store, or the bytes are gone: the streaming read says which
        }
        String description = "The stored bytes of entry " + entry.getId() + " on filesystem '" + blob.getFsKey() + "'";
        try {
            measurement.handedOut(entry.getFsKey());
            return Optional.of(LocalContent.open(file.get(), blob.getStoredLength(), blob.getCrc32c(), blob.blocks(),
                    description, measurement));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new MediaIntegrityException(description + " cannot be opened", e);
        }
    }
}
