package io.fluvius.media.connector.spi.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jclouds.io.Payloads;
import org.jclouds.openstack.swift.v1.domain.ObjectList;
import org.jclouds.openstack.swift.v1.domain.Segment;
import org.jclouds.openstack.swift.v1.domain.SwiftObject;
import org.jclouds.openstack.swift.v1.features.ObjectApi;
import org.jclouds.openstack.swift.v1.features.StaticLargeObjectApi;
import org.jclouds.openstack.swift.v1.options.ListContainerOptions;

import io.fluvius.media.connector.MediaStorageException;

/**
 * The writes of one Swift filesystem and its static large objects. A write longer than one segment puts its
 * segments in the segments' container under a name unique to the write, then the manifest, which records
 * that name: a reader sees the old object or the whole new one. Each set of segments belongs to exactly one
 * manifest, which is what lets a replaced or deleted object take its segments with it.
 *
 * <p>Until its manifest is published, an upload is marked pending: an object {@code pending/<upload>} in the
 * segments' container, holding the key, put before the first segment and deleted after the manifest. A
 * writer that dies in between leaves the mark, which is how {@link #abortStale} finds its segments without
 * reading every manifest: a mark older than the cutoff whose key shows no manifest of that upload. Both
 * sides check in an order that never takes a published upload's segments: the writer checks its mark is
 * still there after putting the manifest (and fails the write if not); collection deletes the mark before
 * its last look at the key.
 */
final class SwiftLargeObjects {

    static final String SEGMENTS_SUFFIX = "_segments";
    /** Swift's default {@code max_manifest_segments}. */
    static final int MAX_SEGMENTS = 1000;
    private static final String LARGE_OBJECT_HEADER = "X-Static-Large-Object";
    /**
     * A manifest's own record of its segments ({@code X-Object-Meta-Media-Upload}, {@code -Segments}): the
     * upload's name prefix in the segments' container and how many there are. (jclouds 2.7 cannot read a
     * manifest back from Swift 2.30: every segment comes back empty.)
     */
    private static final String UPLOAD_METADATA = "media-upload";
    private static final String SEGMENTS_METADATA = "media-segments";
    private static final int LIST_PAGE = 1000;
    private static final String PENDING = "pending/";
    /** A key is at most 1024 characters, 4 KiB in UTF-8. */
    private static final int MAX_MARK_LENGTH = 4096;

    private final String fsKey;
    private final long segmentSize;
    private final ObjectApi objects;
    private final StaticLargeObjectApi manifests;
    private final ObjectApi segments;
    private final String segmentContainer;

    SwiftLargeObjects(String fsKey, long segmentSize, ObjectApi objects, StaticLargeObjectApi manifests,
                      ObjectApi segments, String segmentContainer) {
        this.fsKey = fsKey;
        this.segmentSize = segmentSize;
        this.objects = objects;
        this.manifests = manifests;
        this.segments = segments;
        this.segmentContainer = segmentContainer;
    }

    /**
     * One pass over {@code source} holding one segment at most: what fits in one segment is one PUT, anything
     * longer is segments then the manifest. A failure deletes the segments already uploaded.
     */
    long upload(String key, InputStream source) throws IOException {
        // Never closed: the stream is the caller's.
        PushbackInputStream data = new PushbackInputStream(source, 1);
        SegmentBuffer buffer = new SegmentBuffer(segmentSize);
        long filled = buffer.fill(data);
        if (!buffer.isFull() || SegmentBuffer.atEnd(data)) {
            objects.put(key, buffer.payload());
            return filled;
        }
        String upload = UUID.randomUUID().toString();
        List<Segment> manifest = new ArrayList<>();
        List<String> names = new ArrayList<>();
        segments.put(PENDING + upload, Payloads.newByteArrayPayload(key.getBytes(StandardCharsets.UTF_8)));
        names.add(PENDING + upload);
        try {
            long total = 0;
            while (filled > 0) {
                if (manifest.size() == MAX_SEGMENTS) {
                    throw new MediaStorageException("Filesystem '" + fsKey + "': '" + key + "' is larger than "
                            + MAX_SEGMENTS + " segments of " + segmentSize + " bytes; raise 'segmentSize'");
                }
                String name = upload + "/" + String.format("%08d", manifest.size() + 1);
                names.add(name);
                String etag = segments.put(name, buffer.payload());
                manifest.add(Segment.builder().path("/" + segmentContainer + "/" + name).etag(etag)
                        .sizeBytes(filled).build());
                total += filled;
                filled = buffer.fill(data);
            }
            manifests.replaceManifest(key, manifest, Map.of(UPLOAD_METADATA, upload,
                    SEGMENTS_METADATA, Integer.toString(manifest.size())));
            if (segments.getWithoutBody(PENDING + upload) == null) {
                // Collection took this upload for abandoned (it ran past the grace period) and may be deleting
                // its segments: the manifest must not stay.
                manifests.delete(key);
                throw new MediaStorageException("Filesystem '" + fsKey + "': the upload of '" + key + "' ran "
                        + "longer than garbage collection's grace period and was aborted; write it again");
            }
            deleteSegments(List.of(PENDING + upload));
            return total;
        } catch (IOException | RuntimeException e) {
            deleteSegments(names);
            throw e;
        }
    }

    /**
     * Puts a manifest under {@code target} naming the segments of {@code object}, which keeps them: the
     * caller then deletes the source's manifest alone (a plain DELETE).
     *
     * <p>Not while the upload's pending mark is still there (its writer died after publishing, or has not
     * deleted it yet): the mark names the source key, and a collection that read it could look at the source
     * only after the move removed it, find no manifest, and take the segments the target now uses. The caller
     * then copies the bytes into segments of the target's own. With the mark gone, a collection that deleted it
     * had looked at the source before, while its manifest was there, and keeps the segments.
     *
     * @return {@code false} when the segments could not all be found or are still marked, and nothing was put
     */
    boolean handOver(SwiftObject object, String target) {
        if (segments.getWithoutBody(PENDING + metadata(object, UPLOAD_METADATA)) != null) {
            return false;
        }
        Optional<List<Segment>> manifest = manifestOf(object);
        manifest.ifPresent(named -> manifests.replaceManifest(target, named, object.getMetadata()));
        return manifest.isPresent();
    }

    /** Deletes the manifest and, Swift-side, every segment it names. */
    void delete(String key) {
        manifests.delete(key);
    }

    /** The names of the segments of what is under {@code key} now, to delete once it has been replaced. */
    List<String> segmentsOf(String key) {
        SwiftObject object = objects.getWithoutBody(key);
        if (object == null || !isLargeObject(object)) {
            return List.of();
        }
        return listSegments(object).stream().map(SwiftObject::getName).toList();
    }

    /** A large object's segments, in order, when its metadata names them and the listing shows them all. */
    private Optional<List<Segment>> manifestOf(SwiftObject object) {
        List<SwiftObject> listed = listSegments(object);
        String count = metadata(object, SEGMENTS_METADATA);
        if (listed.isEmpty() || count == null || !count.equals(Integer.toString(listed.size()))) {
            return Optional.empty();
        }
        return Optional.of(listed.stream()
                .map(segment -> Segment.builder().path("/" + segmentContainer + "/" + segment.getName())
                        .etag(segment.getETag())
                        .sizeBytes(segment.getPayload().getContentMetadata().getContentLength())
                        .build())
                .toList());
    }

    private List<SwiftObject> listSegments(SwiftObject object) {
        String upload = metadata(object, UPLOAD_METADATA);
        if (upload == null || upload.isBlank()) {
            return List.of();
        }
        return listSegmentsContainer(upload + "/");
    }

    /**
     * Deletes the segments of every upload marked pending before {@code startedBefore} whose key shows no
     * manifest of it (the writer died before publishing it), and the marks of uploads that were published.
     *
     * @return how many uploads' segments were deleted
     */
    int abortStale(Instant startedBefore) throws IOException {
        int aborted = 0;
        for (SwiftObject mark : listSegmentsContainer(PENDING)) {
            if (mark.getLastModified() == null || !mark.getLastModified().toInstant().isBefore(startedBefore)) {
                continue;
            }
            String upload = mark.getName().substring(PENDING.length());
            String key = keyOf(mark.getName());
            if (key == null) {
                continue; // gone meanwhile: its writer finished
            }
            boolean published = publishes(key, upload);
            segments.delete(mark.getName());
            // Looked at again after the mark is gone: a writer that published meanwhile saw its mark and succeeded.
            if (published || publishes(key, upload)) {
                continue;
            }
            deleteSegments(listSegmentsContainer(upload + "/").stream().map(SwiftObject::getName).toList());
            aborted++;
        }
        return aborted;
    }

    private String keyOf(String mark) throws IOException {
        SwiftObject object = segments.get(mark);
        if (object == null) {
            return null;
        }
        try (InputStream in = object.getPayload().openStream()) {
            return new String(in.readNBytes(MAX_MARK_LENGTH), StandardCharsets.UTF_8);
        }
    }

    private boolean publishes(String key, String upload) {
        SwiftObject object = objects.getWithoutBody(key);
        return object != null && isLargeObject(object) && upload.equals(metadata(object, UPLOAD_METADATA));
    }

    /** Every object of the segments' container whose name starts with {@code prefix}, page by page. */
    private List<SwiftObject> listSegmentsContainer(String prefix) {
        List<SwiftObject> found = new ArrayList<>();
        String marker = null;
        while (true) {
            ListContainerOptions options = new ListContainerOptions().limit(LIST_PAGE).prefix(prefix);
            if (marker != null) {
                options.marker(marker);
            }
            ObjectList page = segments.list(options);
            if (page == null || page.isEmpty()) {
                break;
            }
            found.addAll(page);
            if (page.size() < LIST_PAGE) {
                break;
            }
            marker = page.get(page.size() - 1).getName();
        }
        return found;
    }

    private static String metadata(SwiftObject object, String name) {
        return object.getMetadata().entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** Best effort: a segment left behind costs space, never correctness. */
    void deleteSegments(List<String> names) {
        for (String name : names) {
            try {
                segments.delete(name);
            } catch (RuntimeException ignored) {
                // Left in the segments' container; no manifest refers to it.
            }
        }
    }

    static boolean isLargeObject(SwiftObject object) {
        return object.getHeaders().entries().stream()
                .anyMatch(header -> LARGE_OBJECT_HEADER.equalsIgnoreCase(header.getKey())
                        && "true".equalsIgnoreCase(header.getValue()));
    }
}
