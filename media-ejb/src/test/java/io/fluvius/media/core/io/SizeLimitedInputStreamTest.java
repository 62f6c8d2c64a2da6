package io.fluvius.media.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluvius.media.core.MediaTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SizeLimitedInputStreamTest {

    private static final int LIMIT = 1000;

    @Test
    void exactlyTheLimitPassesInOneLargeRead() throws IOException {
        byte[] content = GeneratedContent.randomBytes(1, LIMIT);
        InputStream in = new SizeLimitedInputStream(new ByteArrayInputStream(content), LIMIT);
        byte[] buffer = new byte[4 * LIMIT];

        assertEquals(LIMIT, in.read(buffer));
        assertEquals(-1, in.read(buffer));
        assertArrayEquals(content, Arrays.copyOf(buffer, LIMIT));
    }

    @Test
    void oneByteOverTheLimitFailsEvenInsideOneLargeRead() {
        InputStream in = new SizeLimitedInputStream(
                new ByteArrayInputStream(GeneratedContent.randomBytes(2, LIMIT + 1)), LIMIT);

        MediaTooLargeException e = assertThrows(MediaTooLargeException.class, () -> in.read(new byte[4 * LIMIT]));
        assertEquals(LIMIT, e.limit());
    }

    @Test
    void readingByteByByteFailsOnTheFirstByteOverTheLimit() throws IOException {
        InputStream in = new SizeLimitedInputStream(
                new ByteArrayInputStream(GeneratedContent.randomBytes(3, 5 * LIMIT)), LIMIT);
        for (int i = 0; i < LIMIT; i++) {
            in.read();
        }

        assertThrows(MediaTooLargeException.class, in::read);
    }

    @Test
    void aLongStreamFailsWithoutBeingReadToTheEnd() {
        CountingInputStream source = new CountingInputStream(GeneratedContent.compressibleTextStream(4, 1L << 40));
        InputStream in = new SizeLimitedInputStream(source, 10 * LIMIT);

        assertThrows(MediaTooLargeException.class, () -> in.transferTo(OutputStream.nullOutputStream()));
        assertTrue(source.count() < 100 * LIMIT, "read " + source.count());
    }

    @Test
    void skippedBytesCountTowardsTheLimit() {
        InputStream in = new SizeLimitedInputStream(
                new ByteArrayInputStream(GeneratedContent.randomBytes(5, 2 * LIMIT)), LIMIT);

        assertThrows(MediaTooLargeException.class, () -> in.skip(2 * LIMIT));
    }

    @Test
    void zeroLimitAcceptsOnlyEmptyContent() throws IOException {
        assertEquals(-1, new SizeLimitedInputStream(InputStream.nullInputStream(), 0).read());
        InputStream oneByte = new SizeLimitedInputStream(new ByteArrayInputStream(new byte[1]), 0);
        assertThrows(MediaTooLargeException.class, oneByte::read);
    }
}
