package io.fluvius.media.core.pipeline;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.storage.ContentKey;
import io.fluvius.media.core.storage.ContentLocks;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.core.storage.StorageErrors;
import io.fluvius.media.core.store.MediaManager;

/**
 * Copies an entry. The stored bytes travel as they are (still compressed) and are published on the
 * target exactly like a put's, so the copy deduplicates there too.
 */
public class CopyPipeline {

    private final MediaSettings settings;
    private final Filesystems filesystems;
    private final BlobPublisher publisher;
    private final Clock clock;

    public CopyPipeline(MediaSettings settings, MediaManager manager, Filesystems filesystems, ContentLocks locks,
                        Clock clock) {
        this.settings = settings;
        this.filesystems = filesystems;
        this.publisher = new BlobPublisher(manager, locks);
        this.clock = clock;
    }

    public MediaEntry copy(MediaEntry source, String targetFsKey) {
        UUID id = UUID.randomUUID();
        String finalKey = settings.dedup()
                ? ContentKey.of(source.getFilehash(), source.getCompress())
                : ContentKey.unique(id, source.getCompress());
        try (MediaConnection from = filesystems.connect(source.getFsKey());
             MediaConnection to = targetFsKey.equals(source.getFsKey()) ? null : filesystems.connect(targetFsKey)) {
            MediaConnection target = to == null ? from : to;
            // Identical bytes already on the target (always so for a copy within one filesystem): move nothing.
            boolean present = settings.dedup() && target.exists(finalKey);
            String temporaryKey = present ? null : ContentKey.temporary();
            boolean published = false;
            try {
                if (!present) {
                    transfer(source, from, target, temporaryKey);
                }
                MediaEntry copy = publisher.publish(target, temporaryKey, finalKey, settings.dedup(),
                        () -> source.toBuilder()
                                .id(id)
                                .fsKey(target.fsKey())
                                .fsPath(finalKey)
                                .sourceId(source.getId())
                                .created(clock.instant().truncatedTo(ChronoUnit.MICROS))
                                .updated(null)
                                .build());
                published = true;
                return copy;
            } finally {
                if (!published && temporaryKey != null) {
                    BlobPublisher.deleteQuietly(target, temporaryKey);
                }
            }
        } catch (MediaStorageException e) {
            throw StorageErrors.translate(targetFsKey, e);
        }
    }

    /** Streams the stored bytes to the target's temporary key and checks that all of them arrived. */
    private static void transfer(MediaEntry source, MediaConnection from, MediaConnection target, String temporaryKey) {
        long written = from == target
                ? copyWithin(source, from, temporaryKey)
                : from.copyTo(source.getFsPath(), target, temporaryKey);
        if (written != source.getStoredLength()) {
            throw new MediaIntegrityException("The stored bytes of entry " + source.getId() + " on filesystem '"
                    + source.getFsKey() + "' are " + written + " bytes, the entry records " + source.getStoredLength());
        }
    }

    private static long copyWithin(MediaEntry source, MediaConnection connection, String temporaryKey) {
        connection.copy(source.getFsPath(), temporaryKey);
        return connection.stat(temporaryKey).map(info -> info.size()).orElse(-1L);
    }
}
