package io.fluvius.media.ejb;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Local;
import jakarta.ejb.Remote;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.EntryContent;
import io.fluvius.media.core.FilePage;
import io.fluvius.media.core.FileQuery;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.LocalContent;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.FilesystemInfo;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.ledger.GarbageReport;
import io.fluvius.media.core.links.LinkKeyInfo;
import io.fluvius.media.core.links.SignedLink;

/**
 * The operations of {@code MediaInterface} as a stateless EJB. Puts and copies stream their bytes with no
 * transaction open (a caller's is suspended meanwhile, so an upload may outlast the transaction timeout),
 * then record them in one short transaction: the caller's when there is one (its rollback leaves no entry,
 * only bytes that garbage collection removes), else their own. Deletes change only the ledger, in the
 * caller's transaction or their own. Reads join the caller's transaction when there is one (so a caller
 * sees its own uncommitted entries) and start none otherwise. Each operation needs one of the three roles
 * ({@link Requires}).
 */
@Stateless
@Local(MediaServiceLocal.class)
@Remote(MediaServiceRemote.class)
@DeclareRoles({"media-reader", "media-writer", "media-admin"})
@PermitAll // the container lets every caller in; RoleGuard refuses with the product's own exception
@Interceptors({RoleGuard.class, DatabaseOutages.class})
public class MediaService implements MediaServiceLocal {

    @Inject
    MediaCore core;

    @Override
    @Requires(MediaRole.WRITER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS) // bytes stream outside; the ledger joins the caller's
    public MediaEntry put(InputStream source, PutOptions options) {
        return core.media().put(source, options);
    }

    @Override
    @Requires(MediaRole.WRITER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public MediaEntry put(byte[] content, PutOptions options) {
        return core.media().put(content, options);
    }

    @Override
    @Requires(MediaRole.READER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public byte[] get(UUID id) {
        return core.media().get(id);
    }

    @Override
    @Requires(MediaRole.READER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public MediaEntry getMetadata(UUID id) {
        return core.media().getMetadata(id);
    }

    @Override
    @Requires(MediaRole.READER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public EntryContent content(UUID id) {
        return core.media().content(id);
    }

    @Override
    @Requires(MediaRole.READER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public InputStream open(UUID id) {
        return core.media().open(id);
    }

    @Override
    @Requires(MediaRole.READER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<LocalContent> localContent(UUID id) {
        return core.media().localContent(id);
    }

    @Override
    @Requires(MediaRole.READER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public InputStream open(UUID id, long offset, long length) {
        return core.media().open(id, offset, length);
    }

    @Override
    @Requires(MediaRole.READER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long transferTo(UUID id, OutputStream out) {
        return core.media().transferTo(id, out);
    }

    @Override
    @Requires(MediaRole.READER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long transferTo(UUID id, OutputStream out, long offset, long length) {
        return core.media().transferTo(id, out, offset, length);
    }

    @Override
    @Requires(MediaRole.WRITER)
    public boolean delete(UUID id) {
        return core.media().delete(id);
    }

    @Override
    @Requires(MediaRole.READER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean exists(UUID id) {
        return core.media().exists(id);
    }

    @Override
    @Requires(MediaRole.WRITER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS) // bytes stream outside; the ledger joins the caller's
    public MediaEntry copy(UUID id, String destFsKey) {
        return core.media().copy(id, destFsKey);
    }

    @Override
    @Requires(MediaRole.READER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MediaEntry> listFiles(String resource, String resourceId, int limit, long offset) {
        return core.media().listFiles(resource, resourceId, limit, offset);
    }

    @Override
    @Requires(MediaRole.READER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MediaEntry> listFiles(FileQuery query, int limit, long offset) {
        return core.media().listFiles(query, limit, offset);
    }

    @Override
    @Requires(MediaRole.READER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public FilePage listPage(FileQuery query, int limit, long offset, String cursor) {
        return core.media().listPage(query, limit, offset, cursor);
    }

    @Override
    @Requires(MediaRole.ADMIN)
    public MediaFilesystem registerFilesystem(String fsKey, String protocol, String name, Map<String, String> params) {
        return core.media().registerFilesystem(fsKey, protocol, name, params);
    }

    @Override
    @Requires(MediaRole.ADMIN)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<FilesystemInfo> listFilesystems() {
        return core.media().listFilesystems();
    }

    @Override
    @Requires(MediaRole.ADMIN)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public FilesystemInfo describeFilesystem(String fsKey) {
        return core.media().describeFilesystem(fsKey);
    }

    @Override
    @Requires(MediaRole.ADMIN)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // never a caller's: it deletes bytes after its own commits
    public GarbageReport collectGarbage(Duration grace) {
        return core.media().collectGarbage(grace);
    }

    @Override
    @Requires(MediaRole.ADMIN)
    public MediaConnection getFilesystem(String fsKey) {
        return core.media().getFilesystem(fsKey);
    }

    @Override
    @Requires(MediaRole.READER)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public SignedLink createLink(UUID id, Duration ttl) {
        core.media().getMetadata(id); // 404 for an entry that does not exist
        return core.links().sign(id, ttl);
    }

    @Override
    @Requires(MediaRole.ANYONE)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public MediaEntry getLinkedMetadata(SignedLink link) {
        return core.media().getMetadata(verified(link));
    }

    @Override
    @Requires(MediaRole.ANYONE)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public EntryContent linkedContent(SignedLink link) {
        return core.media().content(verified(link));
    }

    @Override
    @Requires(MediaRole.ANYONE)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public byte[] getLinked(SignedLink link) {
        return core.media().get(verified(link));
    }

    @Override
    @Requires(MediaRole.ADMIN)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS) // the keys change in a transaction of their own
    public LinkKeyInfo rotateLinkKey(Duration overlap) {
        return core.links().rotate(overlap);
    }

    @Override
    @Requires(MediaRole.ADMIN)
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<LinkKeyInfo> listLinkKeys() {
        return core.links().keys();
    }

    /** The file a link reads, once the link is checked (it grants that file, and nothing else). */
    private UUID verified(SignedLink link) {
        if (link == null) {
            throw new InvalidMediaRequestException("A signed link is required");
        }
        core.links().verify(link);
        return link.fileId();
    }
}
