package io.fluvius.media.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.core.FileQuery;
import io.fluvius.media.core.LocalContent;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.records.NullMediaManager;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.core.storage.LocalDriver;

/** What the core reports to {@link MediaMetrics}: one sample per operation, bytes as the caller moved them. */
class OperationMetricsTest {

    @TempDir
    Path dataDir;

    private final List<OperationSample> samples = new CopyOnWriteArrayList<>();
    private MediaInterface media;

    @BeforeEach
    void start() {
        var records = new NullMediaManager();
        media = new MediaInterface(MediaSettings.DEFAULTS, records,
                Filesystems.of(LocalDriver.connectionFactory(dataDir, "file"), records), Clock.systemUTC(), samples::add);
    }

    @Test
    void aPutIsCountedWithTheOriginalBytesAndItsFilesystem() {
        media.put(randomBytes(70_000, 1), PutOptions.named("a.bin"));

        OperationSample put = only();
        assertEquals(MediaOperation.PUT, put.operation());
        assertEquals("file", put.fs());
        assertEquals("ok", put.outcome());
        assertEquals(70_000, put.bytes());
        assertTrue(put.nanos() > 0);
    }

    @Test
    void aReadIsReportedWhenItsStreamClosesWithTheBytesTheCallerConsumed() throws Exception {
        UUID id = stored(10_000, 2);

        try (InputStream in = media.open(id)) {
            assertEquals(1000, in.readNBytes(1000).length);
            assertEquals(List.of(), samples, "nothing until the stream is closed");
        }
        OperationSample read = only();
        assertEquals(MediaOperation.READ, read.operation());
        assertEquals("file", read.fs());
        assertEquals(1000, read.bytes());
    }

    @Test
    void aRangeCountsTheRangeNotTheFile() throws Exception {
        UUID id = stored(10_000, 3);

        assertEquals(300, media.transferTo(id, OutputStream.nullOutputStream(), 500, 300));

        assertEquals(300, only().bytes());
    }

    @Test
    void aZeroCopyReadCountsTheWindowsSentAndIsReportedOnClose() throws Exception {
        UUID id = stored(100_000, 4);

        Optional<LocalContent> local = media.localContent(id);
        assertTrue(local.isPresent(), "a raw file on a local directory");
        try (LocalContent content = local.get()) {
            content.transfer(0, Long.MAX_VALUE, window -> {
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                while (window.read(buffer) > 0) {
                    buffer.clear();
                }
            });
            assertEquals(List.of(), samples);
        }
        OperationSample read = only();
        assertEquals(MediaOperation.READ, read.operation());
        assertEquals(100_000, read.bytes());
        assertEquals("ok", read.outcome());
    }

    @Test
    void aReadOfAnUnknownIdIsItsErrorCodeOnNoFilesystem() {
        assertThrows(MediaNotFoundException.class, () -> media.open(UUID.randomUUID()));

        OperationSample read = only();
        assertEquals("media.not-found", read.outcome());
        assertEquals("unknown", read.fs());
        assertEquals(0, read.bytes());
    }

    @Test
    void aFilesystemKeyNoOperationSucceededOnNeverBecomesATag() {
        assertThrows(RuntimeException.class, () -> media.put(randomBytes(10, 5), PutOptions.named("x.bin")
                .withFsKey("made-up-" + UUID.randomUUID())));

        OperationSample put = only();
        assertEquals("unknown", put.fs());
        assertTrue(put.outcome().startsWith("media.") || put.outcome().equals("error"), put.outcome());
    }

    @Test
    void deletesCopiesAndListingsAreCountedToo() {
        UUID id = stored(4_000, 6);
        MediaEntry copy = media.copy(id, null);
        media.listFiles(FileQuery.byFilesystem("file"), 10, 0);
        media.listFiles(new FileQuery(null, null, null), 10, 0);
        media.listFiles(FileQuery.byFilesystem("nobody-" + UUID.randomUUID()), 10, 0);
        assertTrue(media.delete(copy.getId()));
        media.delete(copy.getId());

        assertEquals(List.of(MediaOperation.COPY, MediaOperation.LIST, MediaOperation.LIST, MediaOperation.LIST,
                MediaOperation.DELETE, MediaOperation.DELETE), samples.stream().map(OperationSample::operation).toList());
        assertEquals(4_000, samples.get(0).bytes());
        assertEquals("file", samples.get(1).fs());
        assertEquals("all", samples.get(2).fs());
        assertEquals("unknown", samples.get(3).fs(), "a filter nothing succeeded on is no tag");
        assertEquals("ok", samples.get(4).outcome());
        assertEquals("file", samples.get(4).fs());
        assertEquals("media.not-found", samples.get(5).outcome());
    }

    @Test
    void filesystemTagsAreBounded() {
        var meter = new OperationMeter(samples::add, () -> 0L);
        for (int i = 0; i < OperationMeter.MAX_FILESYSTEMS + 10; i++) {
            meter.start(MediaOperation.LIST).succeeded("fs-" + i, 0);
        }

        assertEquals(OperationMeter.MAX_FILESYSTEMS + 1, samples.stream().map(OperationSample::fs).distinct().count(),
                "the first ones, then 'other'");
        assertEquals("other", samples.get(samples.size() - 1).fs());
    }

    private UUID stored(int size, long seed) {
        UUID id = media.put(randomBytes(size, seed), PutOptions.named("f.bin")).getId();
        samples.clear();
        return id;
    }

    private OperationSample only() {
        assertEquals(1, samples.size(), samples::toString);
        return samples.get(0);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
