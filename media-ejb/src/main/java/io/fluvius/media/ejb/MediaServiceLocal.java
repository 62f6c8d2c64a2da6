package io.fluvius.media.ejb;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.EntryContent;
import io.fluvius.media.core.FileQuery;
import io.fluvius.media.core.LocalContent;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.links.SignedLink;

/** The local view of {@link MediaService}: every operation of {@code MediaInterface}, streams included. */
public interface MediaServiceLocal extends MediaServiceRemote {

    MediaEntry put(InputStream source, PutOptions options);

    /**
     * The entry and the blob it references, looked up once: the entry for headers and validators, the bytes
     * from {@link EntryContent#local()} or {@link EntryContent#open()} with no further lookup (each such read is
     * counted). Local view only: it reads bytes where it was handed out.
     */
    EntryContent content(UUID id);

    /** The original bytes; the caller closes the stream. */
    InputStream open(UUID id);

    InputStream open(UUID id, long offset, long length);

    /** The original bytes as a local file for zero-copy sending, when the storage allows it. */
    Optional<LocalContent> localContent(UUID id);

    long transferTo(UUID id, OutputStream out);

    long transferTo(UUID id, OutputStream out, long offset, long length);

    List<MediaEntry> listFiles(FileQuery query, int limit, long offset);

    /** The live handle to a filesystem's storage; the caller closes it. */
    MediaConnection getFilesystem(String fsKey);

    MediaFilesystem registerFilesystem(String fsKey, String protocol, String name, Map<String, String> params);

    /** {@link #content} of the file a signed link grants, once the link is checked; no role needed. */
    EntryContent linkedContent(SignedLink link);
}
