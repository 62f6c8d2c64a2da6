package io.fluvius.media.core.mime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.parser.ParseContext;

/**
 * Tells the MIME type of a file from its first bytes and its name, with Apache Tika. The bytes win
 * over a misleading name ({@code %PDF-} in {@code x.jpg} is {@code application/pdf}); the name refines
 * what the bytes leave open ({@code .json} text is {@code application/json}); nothing recognisable is
 * {@code application/octet-stream}.
 *
 * <p>The name is asked first, because it is cheap and usually right: when the bytes carry the binary
 * signature of the type the name says, and none of its more specific types', that type is the answer without
 * the scan of every signature Tika knows (most of the cost of a small put). Text and XML types (HTML, SVG,
 * XML, JavaScript, JSON, plain text) never take this path: they are told apart by their content, and a
 * browser may run some of them, so they always get the full detection.
 *
 * <p>Thread-safe. Building one loads Tika's type registry, so build it once and share it, or use
 * {@link #shared()}.
 */
public final class MimeDetector {

    /** How many leading bytes detection looks at: Tika's longest magic reaches this far. */
    public static final int HEAD_SIZE = 64 * 1024;

    private static final MediaType XML = MediaType.application("xml");

    private final Detector detector;
    private final MimeTypes types;
    /** Per type named by a file name: its signature checks when it may answer before the full scan, else none. */
    private final Map<MediaType, List<MimeType>> nameFirst = new ConcurrentHashMap<>();

    /** Builds a detector from the type registry in tika-core, plus any Tika detectors on the class path. */
    public MimeDetector() {
        // Our own class loader rather than the thread's context loader, which differs per caller in a server.
        ClassLoader loader = MimeDetector.class.getClassLoader();
        this.types = MimeTypes.getDefaultMimeTypes(loader);
        this.detector = new DefaultDetector(types, loader);
    }

    /** A process-wide instance, built on first use. */
    public static MimeDetector shared() {
        return Shared.INSTANCE;
    }

    /**
     * The MIME type of a file, without parameters, e.g. {@code image/png}.
     *
     * @param head the file's first bytes, ideally {@link #HEAD_SIZE} of them (all of them if shorter);
     *     may be empty
     * @param filename the caller's file name, or {@code null}; only its extension matters
     */
    public String detect(byte[] head, String filename) {
        if (filename != null && !filename.isBlank() && head != null && head.length > 0) {
            MimeType named = types.getMimeType(filename);
            List<MimeType> checks = nameFirst.computeIfAbsent(named.getType(), this::signatureChecks);
            if (!checks.isEmpty() && checks.get(0).matchesMagic(head)
                    && checks.stream().skip(1).noneMatch(more -> more.matchesMagic(head))) {
                return named.getType().getBaseType().toString();
            }
        }
        Metadata metadata = new Metadata();
        if (filename != null && !filename.isBlank()) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
        }
        try (TikaInputStream bytes = TikaInputStream.get(head == null ? new byte[0] : head)) {
            MediaType type = detector.detect(bytes, metadata, new ParseContext());
            return type.getBaseType().toString();
        } catch (IOException e) {
            // The bytes are in memory: an IOException here is a Tika defect, not a problem with the file.
            throw new UncheckedIOException("MIME detection failed", e);
        }
    }

    /**
     * The type itself, then each of its more specific types that has a signature (a match of one of those would
     * make the full detection answer it instead); empty when the type must always be detected in full: it has no
     * signature of its own, or it is text or XML.
     */
    private List<MimeType> signatureChecks(MediaType named) {
        MediaTypeRegistry registry = types.getMediaTypeRegistry();
        MimeType type = registered(named);
        if (type == null || !type.hasMagic() || named.getType().equals("text")
                || registry.isInstanceOf(named, MediaType.TEXT_PLAIN) || registry.isInstanceOf(named, XML)) {
            return List.of();
        }
        var checks = new ArrayList<MimeType>(List.of(type));
        for (MediaType candidate : registry.getTypes()) {
            if (!candidate.equals(named) && registry.isSpecializationOf(candidate, named)) {
                MimeType specific = registered(candidate);
                if (specific != null && specific.hasMagic()) {
                    checks.add(specific);
                }
            }
        }
        return List.copyOf(checks);
    }

    private MimeType registered(MediaType type) {
        try {
            return types.getRegisteredMimeType(type.toString());
        } catch (MimeTypeException e) {
            return null;
        }
    }

    private static final class Shared {
        static final MimeDetector INSTANCE = new MimeDetector();
    }
}
