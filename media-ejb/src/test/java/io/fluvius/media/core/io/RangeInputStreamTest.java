package io.fluvius.media.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RangeInputStreamTest {

    private final byte[] content = GeneratedContent.randomBytes(1, 1000);

    @Test
    void yieldsExactlyTheRequestedRange() throws IOException {
        InputStream range = RangeInputStream.of(new ByteArrayInputStream(content), 100, 50);

        assertArrayEquals(Arrays.copyOfRange(content, 100, 150), range.readAllBytes());
    }

    @Test
    void neverReadsTheSourcePastTheRange() throws IOException {
        CountingInputStream source = new CountingInputStream(new ByteArrayInputStream(content));
        InputStream range = RangeInputStream.of(source, 100, 50);

        range.read(new byte[500]);
        range.read(new byte[500]);
        range.read();

        assertEquals(150, source.count());
    }

    @Test
    void aRangeRunningPastTheEndStopsAtTheEnd() throws IOException {
        InputStream range = RangeInputStream.of(new ByteArrayInputStream(content), 900, 500);

        assertArrayEquals(Arrays.copyOfRange(content, 900, 1000), range.readAllBytes());
    }

    @Test
    void anOffsetPastTheEndIsAnEndOfFile() {
        assertThrows(EOFException.class, () -> RangeInputStream.of(new ByteArrayInputStream(content), 1001, 1));
    }

    @Test
    void anEmptyRangeEndsAtOnce() throws IOException {
        InputStream range = RangeInputStream.of(new ByteArrayInputStream(content), 10, 0);

        assertEquals(-1, range.read());
        assertEquals(-1, range.read(new byte[4]));
    }

    @Test
    void skippingStaysWithinTheRange() throws IOException {
        InputStream range = RangeInputStream.of(new ByteArrayInputStream(content), 100, 50);

        assertEquals(50, range.skip(80));
        assertEquals(-1, range.read());
    }

    @Test
    void closingTheRangeLeavesTheSourceOpen() throws IOException {
        boolean[] closed = {false};
        InputStream source = new ByteArrayInputStream(content) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        RangeInputStream.of(source, 0, 10).close();

        assertFalse(closed[0]);
    }
}
