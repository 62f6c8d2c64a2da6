package io.fluvius.media.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWindowTest {

    @TempDir
    Path dir;

    private FileChannel open(byte[] content) throws IOException {
        Path file = dir.resolve("f");
        Files.write(file, content);
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void readsTransfersAndMapsOnlyItsWindow() throws IOException {
        byte[] content = bytes(1000);
        try (FileChannel file = open(content)) {
            var window = new FileWindow(file, 100, 300);
            assertEquals(100, window.position());
            assertEquals(300, window.size(), "a sender sends position..size");

            ByteBuffer all = ByteBuffer.allocate(1000);
            while (window.read(all) >= 0) {
                // until the end of the window
            }
            assertArrayEquals(Arrays.copyOfRange(content, 100, 300), Arrays.copyOf(all.array(), all.position()));

            var out = new ByteArrayOutputStream();
            assertEquals(200, window.transferTo(100, 10_000, Channels.newChannel(out)));
            assertArrayEquals(Arrays.copyOfRange(content, 100, 300), out.toByteArray());
            assertEquals(0, window.transferTo(300, 10, Channels.newChannel(out)));

            ByteBuffer mapped = window.map(FileChannel.MapMode.READ_ONLY, 250, 50);
            assertEquals(content[250], mapped.get(0));
            assertThrows(IllegalArgumentException.class, () -> window.map(FileChannel.MapMode.READ_ONLY, 250, 51));
        }
    }

    @Test
    void refusesEveryWriteAndClosingLeavesTheFileOpen() throws IOException {
        try (FileChannel file = open(bytes(10))) {
            var window = new FileWindow(file, 0, 10);
            assertThrows(NonWritableChannelException.class, () -> window.write(ByteBuffer.allocate(1)));
            assertThrows(NonWritableChannelException.class, () -> window.truncate(1));
            assertThrows(NonWritableChannelException.class, () -> window.map(FileChannel.MapMode.READ_WRITE, 0, 1));
            assertThrows(NonWritableChannelException.class, () -> window.lock(0, 1, false));

            window.close();

            assertEquals(true, file.isOpen());
        }
    }
}
