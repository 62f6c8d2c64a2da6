package io.fluvius.media.core.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * Tells the MIME type of a file from its first bytes and its name, with Apache Tika. The bytes win
 * over a misleading name ({@code %PDF-} in {@code x.jpg} is {@code application/pdf}); the name refines
 * what the bytes leave open ({@code .json} text is {@code application/json}); nothing recognisable is
 * {@code application/octet-stream}.
 *
 * <p>Thread-safe. Building one loads Tika's type registry, so build it once and share it, or use
 * {@link #shared()}.
 */
public final class MimeDetector {

    /** How many leading bytes detection looks at: Tika's longest magic reaches this far. */
    public static final int HEAD_SIZE = 64 * 1024;

    private final Detector detector;

    /** Builds a detector from the type registry in tika-core, plus any Tika detectors on the class path. */
    public MimeDetector() {
        // Our own class loader rather than the thread's context loader, which differs per caller in a server.
        ClassLoader loader = MimeDetector.class.getClassLoader();
        this.detector = new DefaultDetector(MimeTypes.getDefaultMimeTypes(loader), loader);
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
        Metadata metadata = new Metadata();
        if (filename != null && !filename.isBlank()) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
        }
        try (InputStream bytes = TikaInputStream.get(head == null ? new byte[0] : head)) {
            MediaType type = detector.detect(bytes, metadata);
            return type.getBaseType().toString();
        } catch (IOException e) {
            // The bytes are in memory: an IOException here is a Tika defect, not a problem with the file.
            throw new UncheckedIOException("MIME detection failed", e);
        }
    }

    private static final class Shared {
        static final MimeDetector INSTANCE = new MimeDetector();
    }
}
