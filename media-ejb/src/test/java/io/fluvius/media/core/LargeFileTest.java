package io.fluvius.media.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.core.storage.LocalDriver;
import io.fluvius.media.core.records.NullMediaManager;

/** Streaming is real: this suite's JVM has a 256 MiB heap (surefire argLine), the file is 2 GiB. */
class LargeFileTest {

    private static final long TWO_GIB = 2L * 1024 * 1024 * 1024;

    @Test
    void twoGibPutStreamsThroughA256MibHeapAndReadsBackWithTheSameHash(@TempDir Path dataDir) throws Exception {
        assertEquals(true, Runtime.getRuntime().maxMemory() <= 300L * 1024 * 1024,
                "this test proves streaming only with a small heap; run it with -Xmx256m");
        var media = new MediaInterface(MediaSettings.DEFAULTS.withMaxFileSize(TWO_GIB + 1), new NullMediaManager(),
                LocalDriver.connectionFactory(dataDir, "file"));

        var sourceDigest = MessageDigest.getInstance("SHA-256");
        MediaEntry entry;
        try (InputStream source = new DigestInputStream(new GeneratedInputStream(42, TWO_GIB), sourceDigest)) {
            entry = media.put(source, PutOptions.named("huge.bin"));
        }
        String expected = HexFormat.of().formatHex(sourceDigest.digest());
        assertEquals(expected, entry.getFilehash());
        assertEquals(TWO_GIB, entry.getLength());

        var readDigest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(media.open(entry.getId()), readDigest)) {
            assertEquals(TWO_GIB, in.transferTo(java.io.OutputStream.nullOutputStream()));
        }
        assertEquals(expected, HexFormat.of().formatHex(readDigest.digest()));
    }
}
