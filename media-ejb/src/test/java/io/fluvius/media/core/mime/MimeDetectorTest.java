package io.fluvius.media.core.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluvius.media.core.io.GeneratedContent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.tika.mime.MimeTypes;
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
