package io.fluvius.media.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import io.fluvius.media.it.HttpApiTest;
import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;

/**
 * What a writer uploads cannot run in the API's origin when someone opens it: every download says nosniff; types
 * that a browser would run (HTML, SVG, XML, and any type off the inline allow-list) come as sandboxed attachments
 * whatever the request asks, judged on the parsed type however the writer spelled it; passive types show inline.
 */
class SafeServingIT extends HttpApiTest {

    private static final String SCRIPT_HTML = "<!doctype html><html><body><script>fetch('/media/api/filesystems')"
            + "</script></body></html>";
    private static final String SCRIPT_SVG = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\">"
            + "<script>alert(document.cookie)</script></svg>";
    private static final String SCRIPT_XML = "<?xml version=\"1.0\"?><x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">"
            + "alert(1)</x:script>";

    private JsonObject upload(String filename, String declaredType, byte[] content) throws Exception {
        String query = "filename=" + filename + "&resource=" + MediaApi.uniqueResource("serving")
                + (declaredType == null ? "" : "&mimeType=" + MediaApi.encode(declaredType));
        return api.upload(query, content);
    }

    private HttpResponse<String> download(JsonObject entry, String query) throws Exception {
        return api.get(LocalUser.READER, "files/" + entry.getString("id") + query);
    }

    private static void assertSandboxedAttachment(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        assertEquals(Optional.of("nosniff"), response.headers().firstValue("X-Content-Type-Options"));
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"),
                () -> "attachment: " + response.headers().map());
        assertEquals(Optional.of("sandbox"), response.headers().firstValue("Content-Security-Policy"));
    }

    @Test
    void htmlSvgAndXmlUploadsComeBackAsSandboxedAttachmentsEvenWhenInlineIsAsked() throws Exception {
        for (var upload : new String[][] {{"x.html", SCRIPT_HTML}, {"x.svg", SCRIPT_SVG}, {"x.xml", SCRIPT_XML}}) {
            JsonObject entry = upload(upload[0], null, upload[1].getBytes(StandardCharsets.UTF_8));
            assertSandboxedAttachment(download(entry, ""));
            assertSandboxedAttachment(download(entry, "?disposition=inline"));
            HttpResponse<String> head = api.send(api.request(LocalUser.READER, "files/" + entry.getString("id"))
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertSandboxedAttachment(head);
        }
    }

    @Test
    void anSvgDeclaredWithOddCaseAndParametersIsStillAnActiveType() throws Exception {
        JsonObject entry = upload("y.svg", "Image/SVG+XML; charset=x", SCRIPT_SVG.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = download(entry, "?disposition=inline");
        assertSandboxedAttachment(response);
    }

    @Test
    void htmlDeclaredAsPngIsServedAsPngWithNosniff() throws Exception {
        JsonObject entry = upload("z.png", "image/png", SCRIPT_HTML.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = download(entry, "");
        assertEquals(200, response.statusCode());
        assertEquals(Optional.of("image/png"), response.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("nosniff"), response.headers().firstValue("X-Content-Type-Options"));
        assertTrue(response.headers().firstValue("Content-Security-Policy").isEmpty());
    }

    @Test
    void aPngAndAPdfAreServedInline() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89};
        byte[] pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        for (var upload : new Object[][] {{"p.png", png, "image/png"}, {"d.pdf", pdf, "application/pdf"}}) {
            JsonObject entry = upload((String) upload[0], null, (byte[]) upload[1]);
            assertEquals(upload[2], entry.getString("filemime"));

            HttpResponse<String> plain = download(entry, "");
            assertEquals(Optional.of("nosniff"), plain.headers().firstValue("X-Content-Type-Options"));
            assertNull(plain.headers().firstValue("Content-Disposition").orElse(null));
            assertTrue(plain.headers().firstValue("Content-Security-Policy").isEmpty());
            HttpResponse<String> inline = download(entry, "?disposition=inline");
            assertTrue(inline.headers().firstValue("Content-Disposition").orElse("").startsWith("inline"));
            HttpResponse<String> attachment = download(entry, "?disposition=attachment");
            assertTrue(attachment.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
        }
    }
}
