package io.fluvius.media.web.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** A body shorter than its Content-Length is a broken connection, not a shorter file. */
class DeclaredLengthStreamTest {

    @Test
    void aBodyOfItsDeclaredLengthReadsToItsEnd() throws IOException {
        InputStream in = DeclaredLengthStream.of(new ByteArrayInputStream(new byte[] {1, 2, 3}), OptionalLong.of(3));
        assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
        assertEquals(-1, in.read());
    }

    @Test
    void anEndBeforeTheDeclaredLengthFailsTheRead() throws IOException {
        InputStream in = DeclaredLengthStream.of(new ByteArrayInputStream(new byte[512]), OptionalLong.of(1024));
        assertEquals(512, in.read(new byte[2048]));
        var truncated = assertThrows(EOFException.class, () -> in.read(new byte[2048]));
        assertEquals("The body ended after 512 of the 1024 bytes its Content-Length declared", truncated.getMessage());
    }

    @Test
    void anEndBeforeTheDeclaredLengthFailsASingleByteReadToo() {
        InputStream in = DeclaredLengthStream.of(new ByteArrayInputStream(new byte[0]), OptionalLong.of(1));
        assertThrows(EOFException.class, in::read);
    }

    @Test
    void aBodyWithoutADeclaredLengthIsLeftAsItIs() {
        InputStream body = new ByteArrayInputStream(new byte[1]);
        assertSame(body, DeclaredLengthStream.of(body, OptionalLong.empty()));
    }
}
