package io.fluvius.media.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class CountingInputStreamTest {

    @Test
    void countsEveryByteWhateverWayItIsConsumed() throws IOException {
        CountingInputStream in = new CountingInputStream(
                new ByteArrayInputStream(GeneratedContent.randomBytes(1, 100_000)));

        in.read();
        in.read(new byte[10]);
        in.read(new byte[50], 5, 20);
        in.skip(1000);
        in.transferTo(OutputStream.nullOutputStream());

        assertEquals(100_000, in.count());
    }

    @Test
    void endOfStreamAddsNothing() throws IOException {
        CountingInputStream in = new CountingInputStream(new ByteArrayInputStream(new byte[3]));
        in.readAllBytes();

        assertEquals(-1, in.read());
        assertEquals(-1, in.read(new byte[8]));
        assertEquals(3, in.count());
    }

    @Test
    void startsAtZero() {
        assertEquals(0, new CountingInputStream(new ByteArrayInputStream(new byte[3])).count());
    }
}
