package io.fluvius.media.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.fluvius.media.core.MediaInterfaceTest.randomBytes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.metrics.MediaOperation;
import io.fluvius.media.core.metrics.OperationSample;
import io.fluvius.media.core.records.MediaRecord;
import io.fluvius.media.core.records.NullMediaManager;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.core.storage.LocalDriver;

/** A download's one lookup ({@link MediaInterface#content}): the entry and its blob once, then verified bytes. */
class EntryContentTest {

    private static final int BLOCK = 4096;

    @TempDir
    Path dataDir;

    private final CountingMediaManager records = new CountingMediaManager();
    private final List<OperationSample> samples = new CopyOnWriteArrayList<>();
    private MediaInterface media;

    /** The in-memory manager, counting the records it is asked for, by model. */
    static final class CountingMediaManager extends NullMediaManager {

        private final Map<Class<?>, AtomicInteger> fetches = new ConcurrentHashMap<>();

        @Override
        public <R extends MediaRecord> Optional<R> fetch(Class<R> model, Object id) {
            fetches.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
            return super.fetch(model, id);
        }

        int fetchesOf(Class<?> model) {
            AtomicInteger count = fetches.get(model);
            return count == null ? 0 : count.get();
        }

        void forget() {
            fetches.clear();
        }
    }

    @BeforeEach
    void start() {
        media = new MediaInterface(MediaSettings.DEFAULTS.withBlockSize(BLOCK), records,
                Filesystems.of(LocalDriver.connectionFactory(dataDir, "file"), records), Clock.systemUTC(), samples::add);
    }

    @Test
    void aDownloadFetchesItsEntryAndItsBlobOnceHoweverItReadsTheBytes() throws Exception {
        byte[] bytes = randomBytes(40_000, 1);
        UUID raw = media.put(bytes, PutOptions.named("raw.bin")).getId();
        UUID packed = media.put(bytes, PutOptions.named("packed.bin").withCompress("ZSTD")).getId();
        records.forget();

        EntryContent local = media.content(raw);
        try (LocalContent file = local.local().orElseThrow()) {
            assertArrayEquals(bytes, sent(file, 0, Long.MAX_VALUE));
        }
        assertArrayEquals(bytes, readAll(local.open()));
        EntryContent streamed = media.content(packed);
        assertTrue(streamed.local().isEmpty(), "compressed bytes are no file to send as they are");
        assertArrayEquals(Arrays.copyOfRange(bytes, 10_000, 10_500), readAll(streamed.open(10_000, 500)));

        assertEquals(2, records.fetchesOf(MediaEntry.class), "one entry fetch per download");
        assertEquals(2, records.fetchesOf(MediaBlob.class), "one blob fetch per download");
    }

    @Test
    void theZeroCopyFileAndTheStreamServeTheSameRange() throws Exception {
        byte[] bytes = randomBytes(40_000, 2);
        EntryContent content = media.content(media.put(bytes, PutOptions.named("range.bin")).getId());
        byte[] expected = Arrays.copyOfRange(bytes, 5_000, 17_000);

        try (LocalContent file = content.local().orElseThrow()) {
            assertArrayEquals(expected, sent(file, 5_000, 12_000));
        }
        assertArrayEquals(expected, readAll(content.open(5_000, 12_000)));
        assertArrayEquals(Arrays.copyOfRange(bytes, 39_990, 40_000), readAll(content.open(39_990, 100)),
                "a range past the end ends with the file");
    }

    @Test
    void aCorruptBlockFailsEveryReadThatCoversItAndNoOther() throws Exception {
        byte[] bytes = randomBytes(40_000, 3);
        MediaEntry entry = media.put(bytes, PutOptions.named("corrupt.bin"));
        byte[] corrupt = bytes.clone();
        corrupt[30_000] ^= 1; // block 7
        try (MediaConnection connection = media.getFilesystem("file")) {
            connection.write(entry.getFsPath(), new ByteArrayInputStream(corrupt));
        }
        EntryContent content = media.content(entry.getId());

        assertArrayEquals(Arrays.copyOfRange(bytes, 0, 2 * BLOCK), readAll(content.open(0, 2 * BLOCK)));
        assertThrows(MediaIntegrityException.class, () -> readAll(content.open()));
        assertThrows(MediaIntegrityException.class, () -> readAll(content.open(29_000, 2_000)));
        try (LocalContent file = content.local().orElseThrow()) {
            assertThrows(MediaIntegrityException.class, () -> sent(file, 28_000, 4_000));
        }
        try (LocalContent file = content.local().orElseThrow()) {
            assertArrayEquals(Arrays.copyOfRange(bytes, 0, 2 * BLOCK), sent(file, 0, 2 * BLOCK));
        }
    }

    @Test
    void onlyAReadIsCountedNotTheLookup() throws Exception {
        byte[] bytes = randomBytes(40_000, 4);
        UUID id = media.put(bytes, PutOptions.named("counted.bin")).getId();
        samples.clear();

        EntryContent content = media.content(id);
        assertEquals(List.of(), samples, "a HEAD or a 304 reads nothing");
        readAll(content.open(100, 1_000));

        assertEquals(1, samples.size());
        assertEquals(MediaOperation.READ, samples.get(0).operation());
        assertEquals(1_000, samples.get(0).bytes());
        assertEquals("ok", samples.get(0).outcome());
    }

    @Test
    void anUnknownIdIsNotFoundBeforeAnythingIsOpened() {
        assertThrows(MediaNotFoundException.class, () -> media.content(UUID.randomUUID()));
    }

    private static byte[] readAll(InputStream content) throws IOException {
        try (InputStream in = content) {
            return in.readAllBytes(); // small test files only
        }
    }

    /** What a servlet container's zero-copy send would put on the wire. */
    private static byte[] sent(LocalContent file, long offset, long count) throws IOException {
        var out = new ByteArrayOutputStream();
        file.transfer(offset, count, MediaInterfaceTest.sendingTo(out, new ArrayList<>()));
        return out.toByteArray();
    }
}
