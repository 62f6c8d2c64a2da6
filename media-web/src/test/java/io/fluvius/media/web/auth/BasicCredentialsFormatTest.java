package io.fluvius.media.web.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** Which Authorization values are refused before authentication (the fuzzer's 500s on "Basic !!!"). */
class BasicCredentialsFormatTest {

    @Test
    void basicCredentialsThatAreNotBase64AreMalformed() {
        for (String value : new String[] {"Basic !!!", "Basic \u00ff\u00fe", "basic YWI", "BASIC YQ=", "Basic  YWJj",
            "Basic YWJj ", "Basic YW Jj", "Basic YWJj====", "Basic YW=J", "Basic YWJj-_", "Basic YWJjYQ==YWJj"}) {
            assertTrue(BasicCredentialsFormat.isMalformedBasic(value), value);
        }
    }

    @Test
    void wellFormedBasicCredentialsAndOtherSchemesAreLeftToAuthentication() {
        String reader = Base64.getEncoder().encodeToString("reader:reader-pass".getBytes(StandardCharsets.UTF_8));
        for (String value : new String[] {"Basic " + reader, "basic " + reader, "Basic YQ==", "Basic YWI=", "Basic ",
            "Basic", "Bearer !!!", "Digest username=x", "", null}) {
            assertFalse(BasicCredentialsFormat.isMalformedBasic(value), value);
        }
    }
}
