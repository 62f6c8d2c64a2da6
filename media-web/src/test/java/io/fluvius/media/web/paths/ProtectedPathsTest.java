package io.fluvius.media.web.paths;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which paths of the web module are answered 404 problem+json ahead of Undertow's bare 404. */
class ProtectedPathsTest {

    @Test
    void webInfAndMetaInfInAnyCaseAreProtected() {
        for (String path : new String[] {"/WEB-INF", "/WEB-INF/web.xml", "/web-inf/classes/x.class", "/META-INF/",
            "/meta-inf/MANIFEST.MF", "/Web-Inf/jboss-web.xml"}) {
            assertTrue(ProtectedPaths.isProtected(path), path);
        }
    }

    @Test
    void theApiAndOtherPathsAreNot() {
        for (String path : new String[] {"/api/files", "/api/WEB-INF", "/", "", "/openapi", "/problem", null}) {
            assertFalse(ProtectedPaths.isProtected(path), String.valueOf(path));
        }
    }
}
