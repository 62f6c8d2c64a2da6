package io.fluvius.media.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ServingPolicyTest {

    private final ServingPolicy defaults = ServingPolicy.of(Optional.empty());

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "IMAGE/JPEG", "image/gif; foo=bar", "video/mp4", "audio/ogg",
            "application/pdf", "text/plain; charset=utf-8"})
    void passiveTypesMayBeShownInPlace(String type) {
        assertTrue(defaults.mayServeInline(type), type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "Image/SVG+XML; charset=x", "image/svg+xml", "application/xml", "text/xml",
            "application/xhtml+xml", "text/javascript", "application/javascript", "application/octet-stream",
            "application/x-unknown", "text/plain/x", "", "garbage", "image/", "/png", "text/html\r\nX: y"})
    void activeUnknownAndMalformedTypesAreAttachments(String type) {
        assertFalse(defaults.mayServeInline(type), type);
    }

    @Test
    void theAllowListIsConfigurableWithWholeTopLevelTypes() {
        var policy = ServingPolicy.of(Optional.of(List.of(" Image/* ", "application/pdf")));

        assertTrue(policy.mayServeInline("image/tiff"));
        assertFalse(policy.mayServeInline("text/plain"));
    }

    @Test
    void theEssenceIsLowerCasedWithoutParameters() {
        assertEquals(Optional.of("image/svg+xml"), ServingPolicy.essence("Image/SVG+XML; charset=x"));
        assertFalse(ServingPolicy.isSendable("text/plain\nX-Injected: 1"));
        assertTrue(ServingPolicy.isSendable("text/plain; charset=utf-8"));
    }
}
