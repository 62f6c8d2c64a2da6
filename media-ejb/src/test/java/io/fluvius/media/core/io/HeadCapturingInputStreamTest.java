package io.fluvius.media.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeadCapturingInputStreamTest {

    @Test
    void keepsOnlyTheFirstBytesWhilePassingEverythingThrough() throws IOException {
        byte[] content = GeneratedContent.randomBytes(1, 10_000);
        HeadCapturingInputStream in = new HeadCapturingInputStream(new ByteArrayInputStream(content), 100);

        // Reads of 7 bytes straddle the capacity boundary.
        byte[] passed = new byte[content.length];
        int total = 0;
        for (int n; (n = in.read(passed, total, Math.min(7, passed.length - total))) > 0; ) {
            total += n;
        }

        assertArrayEquals(content, passed);
        assertArrayEquals(Arrays.copyOf(content, 100), in.head());
    }

    @Test
    void aStreamShorterThanTheCapacityIsCapturedWhole() throws IOException {
        byte[] content = GeneratedContent.randomBytes(2, 50);
        HeadCapturingInputStream in = new HeadCapturingInputStream(new ByteArrayInputStream(content), 100);

        in.readAllBytes();

        assertArrayEquals(content, in.head());
    }

    @Test
    void headHoldsOnlyWhatHasBeenReadSoFar() throws IOException {
        byte[] content = GeneratedContent.randomBytes(3, 500);
        HeadCapturingInputStream in = new HeadCapturingInputStream(new ByteArrayInputStream(content), 100);

        in.read();
        in.read();

        assertArrayEquals(Arrays.copyOf(content, 2), in.head());
    }

    @Test
    void headIsACopyTheCallerCannotCorrupt() throws IOException {
        HeadCapturingInputStream in = new HeadCapturingInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3}), 10);
        in.readAllBytes();

        in.head()[0] = 99;

        assertEquals(1, in.head()[0]);
    }
}
