package io.fluvius.media.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluvius.media.core.io.GeneratedContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.parser.ParseContext;
import org.junit.jupiter.api.Test;

class MimeDetectorTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final MimeDetector detector = MimeDetector.shared();

    @Test
    void pngBytesWinOverATextFileName() {
        assertEquals("image/png", detector.detect(png(), "photo.txt"));
    }

    @Test
    void pdfBytesWinOverAJpegFileName() {
        byte[] pdf = ascii("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");

        assertEquals("application/pdf", detector.detect(pdf, "x.jpg"));
    }

    @Test
    void plainTextNamedTxtIsTextPlain() {
        byte[] text = GeneratedContent.compressibleText(1, 4000);

        assertEquals("text/plain", detector.detect(text, "notes.txt"));
    }

    @Test
    void jsonTextNamedJsonIsApplicationJson() {
        byte[] json = ascii("{\"title\": \"hello\", \"tags\": [\"a\", \"b\"], \"size\": 13}\n");

        assertEquals("application/json", detector.detect(json, "doc.json"));
    }

    @Test
    void unrecognisableBinaryIsOctetStream() {
        byte[] noise = GeneratedContent.randomBytes(7, 4096);

        assertEquals("application/octet-stream", detector.detect(noise, "blob.bin"));
        assertEquals("application/octet-stream", detector.detect(noise, null));
    }

    @Test
    void nothingToGoOnIsOctetStream() {
        assertEquals("application/octet-stream", detector.detect(new byte[0], null));
        assertEquals("application/octet-stream", detector.detect(null, ""));
    }

    @Test
    void theNameDecidesWhenThereAreNoBytes() {
        assertEquals("image/png", detector.detect(new byte[0], "empty.png"));
    }

    @Test
    void theHeadSizeCoversEverythingTikaLooksAt() {
        assertTrue(MimeTypes.getDefaultMimeTypes().getMinLength() <= MimeDetector.HEAD_SIZE);
    }

    @Test
    void oneSharedDetectorServesConcurrentCallers() {
        byte[] png = png();

        List<String> types = IntStream.range(0, 200).parallel()
                .mapToObj(i -> detector.detect(png, "image-" + i + ".txt"))
                .distinct()
                .collect(Collectors.toList());

        assertEquals(List.of("image/png"), types);
        assertSame(MimeDetector.shared(), detector);
    }

    @Test
    void aNameAndSignatureThatAgreeGiveTheSameTypeAsTheFullDetection() {
        byte[] jpeg = GeneratedContent.randomBytes(8, 4096);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        jpeg[3] = (byte) 0xE0;
        byte[] pdf = ascii("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");

        assertEquals("image/png", detector.detect(png(), "photo.png"));
        assertEquals("image/jpeg", detector.detect(jpeg, "photo.jpg"));
        assertEquals("application/pdf", detector.detect(pdf, "doc.pdf"));
        assertEquals(detector.detect(png(), null), detector.detect(png(), "photo.png"));
        assertEquals(detector.detect(jpeg, null), detector.detect(jpeg, "photo.jpg"));
    }

    @Test
    void aMoreSpecificSignatureStillWinsOverTheNamesType() {
        byte[] raw = new byte[1024];
        byte[] signature = {'M', 'M', 0, 0x2a, 0, 0, 0, 0x10, 'C', 'R'}; // a TIFF that is a Canon raw photo
        System.arraycopy(signature, 0, raw, 0, signature.length);

        assertEquals("image/x-canon-cr2", detector.detect(raw, null));
        assertEquals("image/x-canon-cr2", detector.detect(raw, "photo.tif"));
    }

    @Test
    void activeContentUnderAHarmlessNameIsStillDetected() {
        byte[] html = ascii("<!DOCTYPE html>\n<html><head><script>alert(1)</script></head><body></body></html>\n");
        byte[] svg = ascii("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n");

        assertEquals("text/html", detector.detect(html, "photo.png"));
        assertEquals("text/html", detector.detect(html, "page.html"));
        assertEquals("image/svg+xml", detector.detect(svg, "photo.jpg"));
        assertEquals("image/svg+xml", detector.detect(svg, "data.xml"));
    }

    @Test
    void binaryHeadsGetTheFullDetectionsAnswerWithoutTheTextSignatures() throws IOException {
        DefaultDetector full = new DefaultDetector(MimeTypes.getDefaultMimeTypes());
        Map<String, byte[]> samples = new LinkedHashMap<>();
        samples.put("png", png());
        samples.put("jpeg", withSignature(0xFF, 0xD8, 0xFF, 0xE0));
        samples.put("gif", withSignature('G', 'I', 'F', '8', '9', 'a'));
        samples.put("zip", withSignature('P', 'K', 3, 4));
        samples.put("gzip", withSignature(0x1F, 0x8B, 8));
        samples.put("pdf", concat(ascii("%PDF-1.7\n%"), GeneratedContent.randomBytes(9, 2000)));
        samples.put("cr2", withSignature('M', 'M', 0, 0x2a, 0, 0, 0, 0x10, 'C', 'R'));
        samples.put("noise", GeneratedContent.randomBytes(10, 4096));
        for (var sample : samples.entrySet()) {
            byte[] head = sample.getValue();
            assertTrue(MimeDetector.isBinary(head), sample.getKey());
            for (String name : new String[] {null, "file.bin", "file.txt", "file." + sample.getKey()}) {
                assertEquals(fullDetection(full, head, name), detector.detect(head, name),
                        sample.getKey() + " named " + name);
            }
        }
    }

    @Test
    void aBinaryFileWithMarkupInsideIsNeverHtml() {
        byte[] payload = concat(new byte[] {0, 1, 2, 3},
                ascii("<html><body><script>alert(document.cookie)</script></body></html>"));

        assertEquals("application/octet-stream", detector.detect(payload, null));
        assertEquals("application/octet-stream", detector.detect(payload, "blob.bin"));
        // No signature matched: the name's type, as for any binary file (served with nosniff, an image never runs).
        assertEquals("image/png", detector.detect(payload, "photo.png"));
    }

    @Test
    void textIsNotBinaryAndNeitherIsUtf16WithItsByteOrderMark() {
        assertFalse(MimeDetector.isBinary(ascii("<html>\r\n\t<body>\u000c\u001b[0m</body></html>")));
        assertFalse(MimeDetector.isBinary(GeneratedContent.compressibleText(2, 4000)));
        byte[] utf16 = "\ufeff<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_16BE);
        assertFalse(MimeDetector.isBinary(utf16));
        assertTrue(MimeDetector.isBinary(new byte[] {'a', 'b', 0, 'c'}));
        assertTrue(MimeDetector.isBinary(new byte[] {0x0B}));
    }

    private static String fullDetection(DefaultDetector full, byte[] head, String name) throws IOException {
        Metadata metadata = new Metadata();
        if (name != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        }
        try (TikaInputStream in = TikaInputStream.get(head)) {
            return full.detect(in, metadata, new ParseContext()).getBaseType().toString();
        }
    }

    private static byte[] withSignature(int... signature) {
        byte[] head = GeneratedContent.randomBytes(signature.length, 4096);
        head[signature.length] = 0;
        for (int i = 0; i < signature.length; i++) {
            head[i] = (byte) signature[i];
        }
        return head;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] png() {
        byte[] head = new byte[2048];
        new Random(3).nextBytes(head);
        System.arraycopy(PNG_SIGNATURE, 0, head, 0, PNG_SIGNATURE.length);
        return head;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
