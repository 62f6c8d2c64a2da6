package io.fluvius.media.ejb;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fluvius.media.core.FilePage;
import io.fluvius.media.core.FileQuery;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.ledger.GarbageReport;

/**
 * The remote view of {@link MediaService}: the operations whose arguments and results travel by value.
 * Look it up as {@code java:global/media/media-ejb/MediaService!io.fluvius.media.ejb.MediaServiceRemote}.
 */
public interface MediaServiceRemote {

    MediaEntry put(byte[] content, PutOptions options);

    /** The whole file, for files up to {@code media.get.max-bytes}. */
    byte[] get(UUID id);

    MediaEntry getMetadata(UUID id);

    boolean delete(UUID id);

    boolean exists(UUID id);

    MediaEntry copy(UUID id, String destFsKey);

    List<MediaEntry> listFiles(String resource, String resourceId, int limit, long offset);

    /**
     * A page of entries starting at {@code offset}, or after the page whose {@link FilePage#nextCursor()}
     * is {@code cursor}: the way to walk a long listing, every page as cheap as the first.
     */
    FilePage listPage(FileQuery query, int limit, long offset, String cursor);

    MediaFilesystem registerFilesystem(String fsKey, String protocol, String name, Map<String, String> params);

    List<MediaFilesystem> listFilesystems();

    /**
     * Removes bytes no entry needs: blobs unreferenced for longer than {@code grace}, and what uploads that
     * never completed left behind (media-admin). The Batch job orphan-gc calls the same.
     */
    GarbageReport collectGarbage(Duration grace);
}
