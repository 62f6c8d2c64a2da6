package io.fluvius.media.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void hexMatchesTheStandardTestVectors() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(Sha256.newDigest()));
        MessageDigest abc = Sha256.newDigest();
        abc.update("abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.hex(abc));
    }

    @Test
    void digestingAStreamGivesTheHashOfItsBytes() throws IOException {
        byte[] content = GeneratedContent.randomBytes(1, 100_000);
        MessageDigest streamed = Sha256.newDigest();
        try (DigestInputStream in = new DigestInputStream(new ByteArrayInputStream(content), streamed)) {
            in.transferTo(OutputStream.nullOutputStream());
        }

        assertEquals(Sha256.hex(Sha256.newDigest().digest(content)), Sha256.hex(streamed));
    }
}
