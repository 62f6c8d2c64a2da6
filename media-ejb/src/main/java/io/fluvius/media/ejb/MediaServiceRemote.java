package io.fluvius.media.ejb;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fluvius.media.core.FilePage;
import io.fluvius.media.core.FileQuery;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.FilesystemInfo;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.ledger.GarbageReport;
import io.fluvius.media.core.links.LinkKeyInfo;
import io.fluvius.media.core.links.SignedLink;

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

    /**
     * Every filesystem, by key: the connection definitions of the server configuration and those registered at
     * run time, each with its origin, never a secret parameter (media-admin).
     */
    List<FilesystemInfo> listFilesystems();

    /** One filesystem as {@link #listFilesystems} shows it; 404 {@code media.filesystem-not-found} (media-admin). */
    FilesystemInfo describeFilesystem(String fsKey);

    /**
     * Removes bytes no entry needs: blobs unreferenced for longer than {@code grace}, and what uploads that
     * never completed left behind (media-admin). The Batch job orphan-gc calls the same.
     */
    GarbageReport collectGarbage(Duration grace);

    /**
     * A signed link to the file that anyone holding it may read until it expires ({@code ttl} {@code null}: the
     * configured default, {@code media.links.default-ttl}; at most {@code media.links.max-ttl}). Any role that
     * may read the file may make one. Over HTTP it is the URL {@code /api/links/<id>?<link.query()>}.
     */
    SignedLink createLink(UUID id, Duration ttl);

    /** The entry a signed link reads; no role needed, the link is checked (403 {@code media.link-*}). */
    MediaEntry getLinkedMetadata(SignedLink link);

    /** The whole file a signed link reads, up to {@code media.get.max-bytes}; no role needed. */
    byte[] getLinked(SignedLink link);

    /**
     * Makes a new link-signing key current (media-admin). Links signed before keep working for {@code overlap}
     * ({@code null}: {@code media.links.key-overlap}; zero revokes them now).
     */
    LinkKeyInfo rotateLinkKey(Duration overlap);

    /** The link-signing keys, newest first: ids and dates, never secrets (media-admin). */
    List<LinkKeyInfo> listLinkKeys();
}
