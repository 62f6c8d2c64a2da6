package io.fluvius.media.core.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
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
import org.apache.tika.mime.MimeTypesFactory;
import org.apache.tika.parser.ParseContext;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

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
 * <p>A head that is binary by the WHATWG MIME Sniffing Standard's rule (it holds a control byte that text
 * never has, such as NUL, and starts with no UTF-16 or UTF-32 byte order mark) is checked against binary
 * signatures only: the same registry without the signatures of text and XML types. Those signatures are most of
 * the cost of the full scan (HTML's alone is a quarter of it: a dozen case-insensitive searches over the first
 * 8 KiB), and none of them describes a binary file. A binary file that happens to contain, say, {@code <html}
 * is then {@code application/octet-stream}, which is served as a sandboxed attachment, never rendered.
 *
 * <p>Thread-safe. Building one loads Tika's type registry, so build it once and share it, or use
 * {@link #shared()}.
 */
public final class MimeDetector {

    /** How many leading bytes detection looks at: Tika's longest magic reaches this far. */
    public static final int HEAD_SIZE = 64 * 1024;

    private static final MediaType XML = MediaType.application("xml");

    /** Where Tika's type registry is, in tika-core, and where extensions to it may be. */
    private static final String CORE_TYPES = "org/apache/tika/mime/tika-mimetypes.xml";
    private static final String CUSTOM_TYPES = "org/apache/tika/mime/custom-mimetypes.xml";

    private final Detector detector;
    /** The detector for binary heads: {@link #detector} without the signatures of text and XML types. */
    private final Detector binaryDetector;
    private final MimeTypes types;
    /** Per type named by a file name: its signature checks when it may answer before the full scan, else none. */
    private final Map<MediaType, List<MimeType>> nameFirst = new ConcurrentHashMap<>();

    /** Builds a detector from the type registry in tika-core, plus any Tika detectors on the class path. */
    public MimeDetector() {
        // Our own class loader rather than the thread's context loader, which differs per caller in a server.
        ClassLoader loader = MimeDetector.class.getClassLoader();
        this.types = MimeTypes.getDefaultMimeTypes(loader);
        this.detector = new DefaultDetector(types, loader);
        this.binaryDetector = new DefaultDetector(withoutTextSignatures(types, loader), loader);
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
        Detector scan = head != null && isBinary(head) ? binaryDetector : detector;
        try (TikaInputStream bytes = TikaInputStream.get(head == null ? new byte[0] : head)) {
            MediaType type = scan.detect(bytes, metadata, new ParseContext());
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
        if (type == null || !type.hasMagic() || isText(registry, named)) {
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

    /**
     * Binary by the MIME Sniffing Standard (section 7.2, "binary data byte"): a byte 0x00-0x08, 0x0B, 0x0E-0x1A or
     * 0x1C-0x1F, in a head that does not start with a UTF-16 or UTF-32 byte order mark (whose text has NULs).
     */
    static boolean isBinary(byte[] head) {
        if (head.length >= 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF)
                || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))) {
            return false;
        }
        if (head.length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == (byte) 0xFE && head[3] == (byte) 0xFF) {
            return false;
        }
        for (byte b : head) {
            if (b >= 0 && b <= 0x1F && b != '\t' && b != '\n' && b != 0x0C && b != '\r' && b != 0x1B) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tika's registry as {@link MimeTypes#getDefaultMimeTypes(ClassLoader)} reads it (the core file, then any
     * extensions), with the magic and root-XML rules of every text or XML type removed: names, globs and the type
     * hierarchy stay, so the name still refines what the bytes leave open.
     */
    private static MimeTypes withoutTextSignatures(MimeTypes full, ClassLoader loader) {
        try {
            List<InputStream> files = new ArrayList<>();
            files.add(new ByteArrayInputStream(stripTextSignatures(loader.getResource(CORE_TYPES), full)));
            for (URL custom : Collections.list(loader.getResources(CUSTOM_TYPES))) {
                files.add(new ByteArrayInputStream(stripTextSignatures(custom, full)));
            }
            return MimeTypesFactory.create(files.toArray(InputStream[]::new));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read Tika's type registry (" + CORE_TYPES + ")", e);
        }
    }

    private static byte[] stripTextSignatures(URL file, MimeTypes full) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setExpandEntityReferences(false);
        Document document;
        try (InputStream in = file.openStream()) {
            document = factory.newDocumentBuilder().parse(in);
        }
        MediaTypeRegistry registry = full.getMediaTypeRegistry();
        NodeList types = document.getElementsByTagName("mime-type");
        for (int i = 0; i < types.getLength(); i++) {
            Element type = (Element) types.item(i);
            MediaType name = MediaType.parse(type.getAttribute("type"));
            if (name != null && isText(registry, name)) {
                for (String rule : List.of("magic", "root-XML")) {
                    NodeList rules = type.getElementsByTagName(rule);
                    for (int k = rules.getLength() - 1; k >= 0; k--) {
                        Node node = rules.item(k);
                        node.getParentNode().removeChild(node);
                    }
                }
            }
        }
        var out = new ByteArrayOutputStream();
        TransformerFactory transformers = TransformerFactory.newInstance();
        transformers.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        transformers.newTransformer().transform(new DOMSource(document), new StreamResult(out));
        return out.toByteArray();
    }

    private static boolean isText(MediaTypeRegistry registry, MediaType type) {
        return type.getType().equals("text") || registry.isInstanceOf(type, MediaType.TEXT_PLAIN)
                || registry.isInstanceOf(type, XML);
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
