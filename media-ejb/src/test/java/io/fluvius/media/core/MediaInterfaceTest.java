package io.fluvius.media.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.fluvius.media.connector.BlobInfo;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.compress.CompressionMethod;
import io.fluvius.media.core.storage.LocalDriver;
import io.fluvius.media.core.io.BlockChecksums;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.StoredContent;
import io.fluvius.media.core.records.NullMediaManager;
import io.fluvius.media.core.secrets.MasterKeys;
import io.fluvius.media.core.secrets.SecretBox;

class MediaInterfaceTest {

    @TempDir
    Path dataDir;

    MediaInterface media;
    NullMediaManager records;

    @BeforeEach
    void start() {
        records = new NullMediaManager();
        media = new MediaInterface(MediaSettings.DEFAULTS, records, LocalDriver.connectionFactory(dataDir, "file"));
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    List<BlobInfo> storedObjects(String fsKey) {
        try (MediaConnection connection = media.getFilesystem(fsKey)) {
            return connection.list("");
        }
    }

    @Test
    void putFromStreamRecordsHashLengthMimeAndResource() throws Exception {
        byte[] content = "hello, fluvius\n".getBytes(StandardCharsets.UTF_8);
        MediaEntry entry = media.put(new java.io.ByteArrayInputStream(content),
                PutOptions.named("hello.txt").withResource("documents", "doc_123").withMetadata(Map.of("k", "v")));

        assertEquals(sha256(content), entry.getFilehash());
        assertEquals(content.length, entry.getLength());
        assertEquals(content.length, entry.getStoredLength());
        assertEquals("text/plain", entry.getFilemime());
        assertEquals("file", entry.getFsKey());
        assertEquals("documents", entry.getResource());
        assertEquals("doc_123", entry.getResourceId());
        assertEquals(Map.of("k", "v"), entry.getMetadata());
        assertNull(entry.getCompress());
        assertNull(entry.getSourceId());
        assertEquals(entry, media.getMetadata(entry.getId()));
    }

    @Test
    void putFromBytesAndFromPathReadBackIdentically(@TempDir Path source) throws Exception {
        byte[] content = randomBytes(300_000, 1);
        Path file = Files.write(source.resolve("photo.bin"), content);

        MediaEntry fromBytes = media.put(content, PutOptions.named("a.bin"));
        MediaEntry fromPath = media.put(file, null);

        assertEquals("photo.bin", fromPath.getFilename());
        assertArrayEquals(content, media.get(fromBytes.getId()));
        try (InputStream in = media.open(fromPath.getId())) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void transferToWritesWholeFileOrRange() {
        byte[] content = randomBytes(100_000, 2);
        UUID id = media.put(content, PutOptions.named("r.bin")).getId();

        var whole = new ByteArrayOutputStream();
        assertEquals(content.length, media.transferTo(id, whole));
        assertArrayEquals(content, whole.toByteArray());

        var slice = new ByteArrayOutputStream();
        assertEquals(1000, media.transferTo(id, slice, 5000, 1000));
        assertArrayEquals(Arrays.copyOfRange(content, 5000, 6000), slice.toByteArray());

        var tail = new ByteArrayOutputStream();
        assertEquals(100, media.transferTo(id, tail, content.length - 100, 10_000));
        assertArrayEquals(Arrays.copyOfRange(content, content.length - 100, content.length), tail.toByteArray());
    }

    @Test
    void rangePastTheEndIsRefused() {
        UUID id = media.put(randomBytes(10, 3), PutOptions.named("tiny.bin")).getId();
        var e = assertThrows(InvalidMediaRequestException.class,
                () -> media.transferTo(id, new ByteArrayOutputStream(), 11, 5));
        assertEquals("media.invalid-range", e.code());
    }

    @Test
    void deleteRemovesTheEntryAtOnceAndGarbageCollectionItsBytes() {
        MediaEntry entry = media.put(randomBytes(1000, 4), PutOptions.named("d.bin"));
        assertTrue(media.exists(entry.getId()));

        assertTrue(media.delete(entry.getId()));

        assertFalse(media.exists(entry.getId()));
        assertThrows(MediaNotFoundException.class, () -> media.getMetadata(entry.getId()));
        assertFalse(media.delete(entry.getId()), "a second delete finds nothing");
        assertEquals(1, storedObjects("file").size(), "a delete never deletes bytes");
        assertEquals(0, media.collectGarbage(java.time.Duration.ofHours(1)).blobsRemoved(), "within the grace period");
        assertEquals(1, storedObjects("file").size());

        var report = media.collectGarbage(java.time.Duration.ZERO);

        assertEquals(1, report.blobsRemoved());
        assertEquals(1000, report.bytesRemoved());
        assertEquals(List.of(), storedObjects("file"));
    }

    @Test
    void existsIsFalseWhenStoredBytesAreMissing() {
        MediaEntry entry = media.put(randomBytes(1000, 5), PutOptions.named("gone.bin"));
        try (MediaConnection connection = media.getFilesystem("file")) {
            connection.delete(entry.getFsPath());
        }
        assertFalse(media.exists(entry.getId()));
        assertThrows(MediaIntegrityException.class, () -> media.get(entry.getId()));
    }

    @Test
    void corruptStoredBytesFailLoudlyOnRead() {
        byte[] content = randomBytes(5000, 6);
        MediaEntry entry = media.put(content, PutOptions.named("c.bin"));
        byte[] corrupt = content.clone();
        corrupt[4000] ^= 1;
        try (MediaConnection connection = media.getFilesystem("file")) {
            connection.write(entry.getFsPath(), new java.io.ByteArrayInputStream(corrupt));
        }
        assertThrows(MediaIntegrityException.class, () -> media.get(entry.getId()));
    }

    @ParameterizedTest
    @EnumSource(value = CompressionMethod.class, names = {"ZSTD", "GZIP"})
    void putRecordsTheCrc32cOfTheOriginalBytesWhateverTheCompression(CompressionMethod method) {
        byte[] content = randomBytes(70_000, 16);
        var expected = new java.util.zip.CRC32C();
        expected.update(content);

        assertEquals(expected.getValue(), media.put(content, PutOptions.named("plain.bin")).crc32c());
        assertEquals(expected.getValue(), media.put(content, PutOptions.named("packed.bin").withCompress(method.name()))
                .crc32c());
    }

    @Test
    void anEntryStoredWithoutACrc32cIsCheckedAgainstItsSha256() {
        byte[] content = randomBytes(5000, 17);
        MediaEntry stored = media.put(content, PutOptions.named("old.bin"));
        // As migration V4 backfills the blob of an entry stored before CRC32Cs and block checksums.
        MediaBlob blob = records.fetch(MediaBlob.class, stored.blobId()).orElseThrow();
        records.insert(MediaBlob.stored(blob.getId(), blob.getFsKey(), blob.getStorageKey(), new StoredContent(
                blob.getContentHash(), blob.getContentLength(), null, null, blob.getStoredLength(), BlockChecksums.none()),
                blob.getDedupKey(), blob.getCreated()));
        MediaEntry legacy = records.insert(stored.toBuilder().crc32c(null).build());
        assertArrayEquals(content, media.get(legacy.getId()), "intact bytes read back");

        byte[] corrupt = content.clone();
        corrupt[10] ^= 0x40;
        try (MediaConnection connection = media.getFilesystem("file")) {
            connection.write(legacy.getFsPath(), new java.io.ByteArrayInputStream(corrupt));
        }
        var failure = assertThrows(MediaIntegrityException.class, () -> media.get(legacy.getId()));
        assertTrue(failure.getMessage().contains("SHA-256"), failure.getMessage());
    }

    @Test
    void aRawLocalFileIsOfferedForZeroCopyAndSentWholeWindowByWindow() throws Exception {
        byte[] content = randomBytes(20 * 1024 * 1024 + 123, 20);
        MediaEntry entry = media.put(content, PutOptions.named("zero.bin"));
        LocalContent local = media.localContent(entry.getId()).orElseThrow();

        var received = new ByteArrayOutputStream();
        var windows = new java.util.ArrayList<Long>();
        local.transfer(0, Long.MAX_VALUE, sendingTo(received, windows));

        assertArrayEquals(content, received.toByteArray());
        assertEquals(List.of(16L * 1024 * 1024, 4L * 1024 * 1024 + 123), windows);
        var range = new ByteArrayOutputStream();
        local.transfer(5, 10, sendingTo(range, new java.util.ArrayList<>()));
        assertArrayEquals(Arrays.copyOfRange(content, 5, 15), range.toByteArray());
        assertTrue(media.localContent(media.put(content, PutOptions.named("z.zst").withCompress("ZSTD")).getId()).isEmpty(),
                "compressed bytes are no file to send as they are");
    }

    @Test
    void aCorruptLocalFileNeverGoesOutWhole() throws Exception {
        byte[] content = randomBytes(20 * 1024 * 1024, 21);
        MediaEntry entry = media.put(content, PutOptions.named("bad.bin"));
        byte[] corrupt = content.clone();
        corrupt[19 * 1024 * 1024] ^= 1;
        try (MediaConnection connection = media.getFilesystem("file")) {
            connection.write(entry.getFsPath(), new java.io.ByteArrayInputStream(corrupt));
        }
        LocalContent local = media.localContent(entry.getId()).orElseThrow();

        var received = new ByteArrayOutputStream();
        assertThrows(MediaIntegrityException.class, () -> local.transfer(0, Long.MAX_VALUE,
                sendingTo(received, new java.util.ArrayList<>())));
        assertEquals(16 * 1024 * 1024, received.size(), "the window holding the bad byte was withheld");

        MediaEntry small = media.put(randomBytes(1000, 22), PutOptions.named("small.bin"));
        try (MediaConnection connection = media.getFilesystem("file")) {
            connection.write(small.getFsPath(), new java.io.ByteArrayInputStream(randomBytes(1000, 23)));
        }
        var nothing = new ByteArrayOutputStream();
        assertThrows(MediaIntegrityException.class, () -> media.localContent(small.getId()).orElseThrow()
                .transfer(0, Long.MAX_VALUE, sendingTo(nothing, new java.util.ArrayList<>())));
        assertEquals(0, nothing.size(), "a small corrupt file fails before a byte is sent");
    }

    /** A sink like a servlet container's: sends each window from its position to its size. */
    static LocalContent.WindowSink sendingTo(ByteArrayOutputStream out, List<Long> windows) {
        return window -> {
            long count = window.size() - window.position();
            windows.add(count);
            var target = java.nio.channels.Channels.newChannel(out);
            for (long sent = 0; sent < count; ) {
                sent += window.transferTo(window.position() + sent, count - sent, target);
            }
        };
    }

    @Test
    void identicalContentIsStoredOnceAndSurvivesDeletingOneEntry() {
        byte[] content = randomBytes(50_000, 7);
        MediaEntry first = media.put(content, PutOptions.named("one.bin"));
        MediaEntry second = media.put(content, PutOptions.named("two.bin"));

        assertNotEquals(first.getId(), second.getId());
        assertEquals(first.getFsPath(), second.getFsPath());
        assertEquals(1, storedObjects("file").size());

        media.delete(first.getId());
        media.collectGarbage(java.time.Duration.ZERO);

        assertArrayEquals(content, media.get(second.getId()));
        media.delete(second.getId());
        media.collectGarbage(java.time.Duration.ZERO);
        assertEquals(List.of(), storedObjects("file"));
    }

    @Test
    void aSmallPutOfContentStoredBeforeFindsItByItsHashAndWritesNothing() {
        var writes = new java.util.concurrent.atomic.AtomicInteger();
        var counted = new MediaInterface(MediaSettings.DEFAULTS, records,
                countingWrites(LocalDriver.connectionFactory(dataDir, "file"), writes));
        byte[] content = randomBytes(4_096, 11);

        MediaEntry first = counted.put(content, PutOptions.named("first.bin"));
        assertEquals(1, writes.get());
        MediaEntry second = counted.put(content, PutOptions.named("second.bin"));

        assertEquals(1, writes.get(), "the second put references the stored bytes without writing its own");
        assertEquals(first.blobId(), second.blobId());
        assertArrayEquals(content, counted.get(second.getId()));
    }

    /** The factory's connections, each call of {@code write} counted. */
    private static io.fluvius.media.connector.MediaConnectionFactory countingWrites(
            io.fluvius.media.connector.MediaConnectionFactory factory, java.util.concurrent.atomic.AtomicInteger writes) {
        ClassLoader loader = MediaInterfaceTest.class.getClassLoader();
        return (io.fluvius.media.connector.MediaConnectionFactory) java.lang.reflect.Proxy.newProxyInstance(loader,
                new Class<?>[] {io.fluvius.media.connector.MediaConnectionFactory.class}, (proxy, method, args) -> {
                    Object result = invoked(method, factory, args);
                    if (!(result instanceof MediaConnection connection)) {
                        return result;
                    }
                    return java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {MediaConnection.class},
                            (inner, call, callArgs) -> {
                                if (call.getName().equals("write")) {
                                    writes.incrementAndGet();
                                }
                                return invoked(call, connection, callArgs);
                            });
                });
    }

    private static Object invoked(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void concurrentIdenticalPutsStoreBytesOnceAndAllSucceed() throws Exception {
        byte[] content = randomBytes(200_000, 8);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<MediaEntry> entries = new java.util.ArrayList<>();
        try {
            var futures = Stream.generate(() -> pool.submit(() -> media.put(content, PutOptions.named("same.bin"))))
                    .limit(8).toList();
            for (var future : futures) {
                entries.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(8, entries.stream().map(MediaEntry::getId).distinct().count());
        assertEquals(1, storedObjects("file").size());
        for (MediaEntry entry : entries) {
            assertArrayEquals(content, media.get(entry.getId()));
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionMethod.class)
    void everyCompressionRoundTripsAndReportsTheStoredLength(CompressionMethod method) throws Exception {
        byte[] content = "a line of compressible text, again and again\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
        MediaEntry entry = media.put(content, PutOptions.named("text.txt").withCompress(method.name().toLowerCase()));

        assertEquals(method, entry.getCompress());
        assertEquals(content.length, entry.getLength());
        assertEquals(sha256(content), entry.getFilehash());
        assertTrue(entry.getStoredLength() < content.length / 4, method + " stored " + entry.getStoredLength());
        try (MediaConnection connection = media.getFilesystem("file")) {
            assertEquals(entry.getStoredLength(), connection.stat(entry.getFsPath()).orElseThrow().size());
        }
        assertArrayEquals(content, media.get(entry.getId()));
        var range = new ByteArrayOutputStream();
        media.transferTo(entry.getId(), range, 50_000, 700);
        assertArrayEquals(Arrays.copyOfRange(content, 50_000, 50_700), range.toByteArray(),
                "a range of a compressed file is the original bytes");
    }

    @Test
    void sameContentWithDifferentCompressionIsStoredSeparately() {
        byte[] content = "x".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        MediaEntry plain = media.put(content, PutOptions.named("p.txt"));
        MediaEntry zstd = media.put(content, PutOptions.named("z.txt").withCompress("zstd"));
        assertNotEquals(plain.getFsPath(), zstd.getFsPath());
        assertEquals(2, storedObjects("file").size());
    }

    @Test
    void mimeFromBytesBeatsALyingExtension() {
        byte[] png = HexFormat.of().parseHex("89504e470d0a1a0a0000000d4948445200000001000000010806000000");
        MediaEntry entry = media.put(png, PutOptions.named("holiday.txt"));
        assertEquals("image/png", entry.getFilemime());
    }

    @Test
    void explicitMimeTypeWins() {
        byte[] png = HexFormat.of().parseHex("89504e470d0a1a0a0000000d4948445200000001000000010806000000");
        MediaEntry entry = media.put(png, PutOptions.named("holiday.png").withMimeType("application/x-custom"));
        assertEquals("application/x-custom", entry.getFilemime());
    }

    @Test
    void pathTraversalFilenameCannotReachOutsideTheStorageRoot() throws Exception {
        Path root = dataDir;
        MediaEntry entry = media.put("secret".getBytes(StandardCharsets.UTF_8), PutOptions.named("../../etc/passwd"));

        assertEquals("../../etc/passwd", entry.getFilename());
        assertFalse(entry.getFsPath().contains(".."));
        assertFalse(entry.getFsPath().contains("passwd"));
        try (Stream<Path> outside = Files.list(root.getParent())) {
            assertTrue(outside.allMatch(p -> p.equals(root) || !p.getFileName().toString().equals("etc")));
        }
        assertArrayEquals("secret".getBytes(StandardCharsets.UTF_8), media.get(entry.getId()));
    }

    @Test
    void sourceThatFailsMidStreamLeavesNoEntryAndNoBlob() {
        var e = assertThrows(MediaSourceException.class,
                () -> media.put(new GeneratedInputStream(9, 1_000_000, 300_000), PutOptions.named("broken.bin")));
        assertTrue(e.getMessage().contains("300000"), e.getMessage());
        assertEquals(List.of(), media.listFiles(FileQuery.byFilesystem("file"), 100, 0));
        assertEquals(List.of(), storedObjects("file"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"0,", "1,", "65536,", "65537,", "0,ZSTD", "65536,GZIP", "65537,ZSTD"})
    void contentEitherSideOfTheSmallContentBoundaryRoundTripsAndLeavesOnlyItsBlob(int size, String compress) throws Exception {
        byte[] content = randomBytes(size, 18);

        MediaEntry entry = media.put(new java.io.ByteArrayInputStream(content),
                PutOptions.named("edge.bin").withCompress(compress));

        assertArrayEquals(content, media.get(entry.getId()));
        assertEquals(sha256(content), entry.getFilehash());
        List<BlobInfo> objects = storedObjects("file");
        assertEquals(List.of(entry.getFsPath()), objects.stream().map(BlobInfo::key).toList(), "no temporary key left");
        assertEquals(entry.getStoredLength(), objects.get(0).size());
    }

    @Test
    void aSmallSourceThatFailsLeavesNoEntryAndNoBlob() {
        assertThrows(MediaSourceException.class,
                () -> media.put(new GeneratedInputStream(19, 4096, 1000), PutOptions.named("short.bin")));
        assertEquals(List.of(), media.listFiles(FileQuery.byFilesystem("file"), 100, 0));
        assertEquals(List.of(), storedObjects("file"));
    }

    @Test
    void contentOverTheSizeLimitLeavesNoEntryAndNoBlob() {
        var small = new MediaInterface(MediaSettings.DEFAULTS.withMaxFileSize(100_000), new NullMediaManager(),
                LocalDriver.connectionFactory(dataDir, "file"));
        assertThrows(MediaTooLargeException.class,
                () -> small.put(new GeneratedInputStream(10, 100_001), PutOptions.named("big.bin")));
        assertEquals(List.of(), small.listFiles(FileQuery.byFilesystem("file"), 100, 0));
        assertEquals(List.of(), storedObjects("file"));
        small.put(new GeneratedInputStream(10, 100_000), PutOptions.named("exact.bin"));
    }

    @Test
    void checksumMismatchLeavesNoEntryAndNoBlob() throws Exception {
        byte[] content = randomBytes(1000, 11);
        String wrong = sha256("other".getBytes(StandardCharsets.UTF_8));
        assertThrows(ChecksumMismatchException.class,
                () -> media.put(content, PutOptions.named("x.bin").withExpectedSha256(wrong)));
        assertEquals(List.of(), storedObjects("file"));

        MediaEntry ok = media.put(content, PutOptions.named("x.bin").withExpectedSha256(sha256(content).toUpperCase()));
        assertEquals(sha256(content), ok.getFilehash());
    }

    @Test
    void declaredHashOfStoredContentWritesNothingNewAndStillVerifiesTheBytes() throws Exception {
        var writes = new java.util.concurrent.atomic.AtomicInteger();
        var storage = LocalDriver.connectionFactory(dataDir, "file");
        var counting = (io.fluvius.media.connector.MediaConnectionFactory) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{io.fluvius.media.connector.MediaConnectionFactory.class},
                (proxy, method, args) -> {
                    Object result = method.invoke(storage, args);
                    if (result instanceof MediaConnection connection) {
                        return java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[]{MediaConnection.class}, (p, m, a) -> {
                                    if (m.getName().equals("write")) {
                                        writes.incrementAndGet();
                                    }
                                    return m.invoke(connection, a);
                                });
                    }
                    return result;
                });
        var deduplicating = new MediaInterface(counting);
        byte[] content = randomBytes(70_000, 16);
        String hash = sha256(content);
        deduplicating.put(content, PutOptions.named("first.bin"));
        assertEquals(1, writes.get());

        MediaEntry second = deduplicating.put(content, PutOptions.named("second.bin").withExpectedSha256(hash));
        assertEquals(1, writes.get(), "the second upload wrote nothing to the backend");
        assertEquals(hash, second.getFilehash());
        assertEquals(content.length, second.getStoredLength());
        assertArrayEquals(content, deduplicating.get(second.getId()));

        byte[] other = content.clone();
        other[0] ^= 1;
        assertThrows(ChecksumMismatchException.class,
                () -> deduplicating.put(other, PutOptions.named("liar.bin").withExpectedSha256(hash)));
        assertEquals(2, deduplicating.listFiles(FileQuery.byFilesystem("file"), 10, 0).size());
    }

    @Test
    void getAboveItsInMemoryLimitRefusesAndNamesOpen() {
        var limited = new MediaInterface(MediaSettings.DEFAULTS.withGetMaxBytes(1000), new NullMediaManager(),
                LocalDriver.connectionFactory(dataDir, "file"));
        UUID id = limited.put(randomBytes(1001, 12), PutOptions.named("g.bin")).getId();
        var e = assertThrows(MediaTooLargeException.class, () -> limited.get(id));
        assertTrue(e.getMessage().contains("open("), e.getMessage());
    }

    @Test
    void missingFilenameIsAnInvalidRequest() {
        var e = assertThrows(InvalidMediaRequestException.class, () -> media.put(new byte[1], PutOptions.named(" ")));
        assertEquals("media.filename-required", e.code());
    }

    @Test
    void fieldsLongerThanTheirColumnsOrWithNulAreInvalidRequestsAndStoreNothing() {
        String long256 = "r".repeat(256);
        for (PutOptions options : List.of(PutOptions.named("a").withResource(long256, null),
                PutOptions.named("a").withResource("r", long256), PutOptions.named("a").withMimeType("text/" + long256),
                PutOptions.named("a").withResource("r\0", null),
                PutOptions.named("a").withMetadata(Map.of(long256, "v")),
                PutOptions.named("a").withMetadata(Map.of("k", "v".repeat(4001))))) {
            var e = assertThrows(InvalidMediaRequestException.class, () -> media.put(new byte[1], options),
                    options::toString);
            assertEquals("media.invalid-field", e.code());
        }
        assertEquals(0, media.listFiles(null, null, 0, 0).size());
        String longest = "r".repeat(255);
        var stored = media.put(new byte[1], PutOptions.named("a").withResource(longest, longest)
                .withMetadata(Map.of(longest, "v".repeat(4000))));
        assertEquals(longest, stored.getResourceId());
    }

    @Test
    void listingCriteriaWithNulAreInvalidFieldsNotFailedQueries() {
        for (String[] criteria : new String[][] {{"r\0", null, null}, {null, "\0", null}, {null, null, "file\0"}}) {
            var e = assertThrows(InvalidMediaRequestException.class,
                    () -> media.listPage(new FileQuery(criteria[0], criteria[1], criteria[2]), 10, 0, null));
            assertEquals("media.invalid-field", e.code());
        }
    }

    @Test
    void anOffsetBeyondWhatAQueryCanAddressIsAnInvalidRequestAndTheFurthestOneAnEmptyPage() {
        media.put(new byte[1], PutOptions.named("a"));
        var e = assertThrows(InvalidMediaRequestException.class,
                () -> media.listPage(new FileQuery(null, null, null), 10, Integer.MAX_VALUE + 1L, null));
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
        assertThrows(InvalidMediaRequestException.class,
                () -> media.listPage(new FileQuery(null, null, null), 10, Long.MAX_VALUE, null));
        assertEquals(List.of(), media.listPage(new FileQuery(null, null, null), 10, Integer.MAX_VALUE, null).items());
    }

    @Test
    void unknownCompressionIsAnInvalidRequestListingTheSupportedNames() {
        var e = assertThrows(InvalidMediaRequestException.class,
                () -> media.put(new byte[1], PutOptions.named("a").withCompress("rar")));
        String message = e.getMessage().toUpperCase(java.util.Locale.ROOT);
        assertTrue(message.contains("ZSTD") && message.contains("GZIP") && message.contains("SNAPPY"), message);
    }

    @Test
    void unknownEntryAndUnknownFilesystemAreNotFound() {
        assertThrows(MediaNotFoundException.class, () -> media.getMetadata(UUID.randomUUID()));
        assertThrows(MediaNotFoundException.class, () -> media.open(UUID.randomUUID()));
        assertFalse(media.exists(UUID.randomUUID()));
        assertThrows(MediaNotFoundException.class,
                () -> media.put(new byte[1], PutOptions.named("a").withFsKey("nowhere")));
        // Keys that registration refuses are not looked for (PostgreSQL fails a query holding NUL).
        for (String never : List.of("\0", "a\0b", "../etc", "x".repeat(65))) {
            assertThrows(MediaNotFoundException.class, () -> media.describeFilesystem(never));
            assertThrows(MediaNotFoundException.class,
                    () -> media.put(new byte[1], PutOptions.named("a").withFsKey(never)));
        }
    }

    @Test
    void registeredFilesystemIsUsableAndListed() {
        MediaFilesystem fs = media.registerFilesystem("scratch", "memory", "Scratch space", Map.of());
        assertEquals("memory", fs.getProtocol());

        MediaEntry entry = media.put(randomBytes(10, 13), PutOptions.named("m.bin").withFsKey("scratch"));
        assertEquals("scratch", entry.getFsKey());
        try (MediaConnection connection = media.getFilesystem("scratch")) {
            assertTrue(connection.exists(entry.getFsPath()));
        }
        assertEquals(List.of("file", "scratch"), media.listFilesystems().stream().map(FilesystemInfo::fsKey).toList(),
                "the factory's own filesystem, then the registration");
    }

    @Test
    void aKeyIsRegisteredOnceTheSameDefinitionAgainChangesNothingAnotherIsAConflict() {
        MediaFilesystem first = media.registerFilesystem("scratch", "memory", "Scratch space", Map.of());

        assertEquals(first.getCreated(), media.registerFilesystem("scratch", "memory", "Scratch space", Map.of()).getCreated());
        var e = assertThrows(FilesystemExistsException.class,
                () -> media.registerFilesystem("scratch", "memory", "Renamed", Map.of()));
        assertEquals("media.filesystem-exists", e.code());
        assertEquals("Scratch space", media.describeFilesystem("scratch").name());
    }

    @Test
    void unknownParametersOfAProtocolAreRefused() {
        // With a master key: without one, a secret parameter ('secret') is refused before the driver sees it.
        var sealing = media.withSecrets(new SecretBox(MasterKeys.generated("test-1")));
        var e = assertThrows(InvalidMediaRequestException.class,
                () -> sealing.registerFilesystem("scratch", "memory", "x", Map.of("secret", "s3cr3t", "region", "eu")));
        assertTrue(e.getMessage().contains("[region, secret]"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertEquals(List.of("file"), media.listFilesystems().stream().map(FilesystemInfo::fsKey).toList());
    }

    @Test
    void registeringAnUnknownProtocolIsRefused() {
        var e = assertThrows(InvalidMediaRequestException.class,
                () -> media.registerFilesystem("x", "ftp", "x", Map.of()));
        assertTrue(e.getMessage().contains("s3"), e.getMessage());
        assertThrows(InvalidMediaRequestException.class, () -> media.registerFilesystem("../x", "memory", "x", Map.of()));
    }

    @Test
    void copyToAnotherFilesystemKeepsHashMimeResourceCompressionAndSetsSource() {
        media.registerFilesystem("archive", "memory", "Archive", Map.of());
        byte[] content = "compressible text ".repeat(5000).getBytes(StandardCharsets.UTF_8);
        MediaEntry original = media.put(content, PutOptions.named("notes.txt").withCompress("ZSTD")
                .withResource("cases", "c-1").withMetadata(Map.of("owner", "ann")));

        MediaEntry copy = media.copy(original.getId(), "archive");

        assertNotEquals(original.getId(), copy.getId());
        assertEquals("archive", copy.getFsKey());
        assertEquals(original.getId(), copy.getSourceId());
        assertEquals(original.getFilehash(), copy.getFilehash());
        assertEquals(original.getFilemime(), copy.getFilemime());
        assertEquals(original.getFilename(), copy.getFilename());
        assertEquals(original.getResource(), copy.getResource());
        assertEquals(original.getResourceId(), copy.getResourceId());
        assertEquals(original.getCompress(), copy.getCompress());
        assertEquals(original.getStoredLength(), copy.getStoredLength());
        assertEquals(original.getMetadata(), copy.getMetadata());
        assertArrayEquals(content, media.get(copy.getId()));

        media.delete(original.getId());
        assertArrayEquals(content, media.get(copy.getId()));
    }

    @Test
    void copyWithinTheSameFilesystemSharesTheBytes() {
        byte[] content = randomBytes(4000, 14);
        MediaEntry original = media.put(content, PutOptions.named("s.bin"));
        MediaEntry copy = media.copy(original.getId(), null);
        assertEquals("file", copy.getFsKey());
        assertEquals(original.getFsPath(), copy.getFsPath());
        assertEquals(1, storedObjects("file").size());
        media.delete(original.getId());
        assertArrayEquals(content, media.get(copy.getId()));
    }

    @Test
    void listingFiltersOrdersAndPagesStably() {
        var ids = new java.util.ArrayList<UUID>();
        for (int i = 0; i < 25; i++) {
            ids.add(media.put(randomBytes(10, 100 + i), PutOptions.named("f" + i).withResource("docs", "d1")).getId());
        }
        media.put(randomBytes(10, 200), PutOptions.named("other").withResource("docs", "d2"));
        media.put(randomBytes(10, 201), PutOptions.named("elsewhere").withResource("pics", "d1"));

        List<UUID> pages = new java.util.ArrayList<>();
        for (int offset = 0; offset < 30; offset += 10) {
            media.listFiles("docs", "d1", 10, offset).forEach(e -> pages.add(e.getId()));
        }
        assertEquals(ids, pages, "every entry once, oldest first");
        assertEquals(26, media.listFiles("docs", null, 100, 0).size());
        assertEquals(27, media.listFiles(FileQuery.byFilesystem("file"), 0, 0).size());
        assertThrows(InvalidMediaRequestException.class, () -> media.listFiles("docs", "d1", -1, 0));
        assertThrows(InvalidMediaRequestException.class, () -> media.listFiles("docs", "d1", 10, -5));
    }

    @Test
    void listPagesFollowedByCursorVisitEveryEntryOnceAndSayWhereTheyStart() {
        var ids = new java.util.ArrayList<UUID>();
        for (int i = 0; i < 25; i++) {
            ids.add(media.put(randomBytes(10, 300 + i), PutOptions.named("c" + i).withResource("cursor", "c1")).getId());
        }
        var query = FileQuery.byResource("cursor", "c1");

        var walked = new java.util.ArrayList<UUID>();
        var offsets = new java.util.ArrayList<Long>();
        FilePage page = media.listPage(query, 10, 0, null);
        while (true) {
            offsets.add(page.offset());
            page.items().forEach(e -> walked.add(e.getId()));
            if (!page.hasNext()) {
                break;
            }
            page = media.listPage(query, 10, 0, page.nextCursor());
        }

        assertEquals(ids, walked, "every entry once, oldest first");
        assertEquals(List.of(0L, 10L, 20L), offsets);
        assertEquals(5, page.items().size());
        assertFalse(media.listPage(query, 25, 0, null).hasNext(), "an exactly full last page has no next");
        assertTrue(media.listPage(query, 24, 0, null).hasNext());
    }

    @Test
    void aCursorPageIsNotShiftedByDeletingEarlierEntries() {
        var ids = new java.util.ArrayList<UUID>();
        for (int i = 0; i < 6; i++) {
            ids.add(media.put(randomBytes(10, 400 + i), PutOptions.named("s" + i).withResource("shift", "s1")).getId());
        }
        var query = FileQuery.byResource("shift", "s1");
        FilePage first = media.listPage(query, 3, 0, null);

        media.delete(ids.get(0));
        media.delete(ids.get(1));

        assertEquals(ids.subList(3, 6), media.listPage(query, 3, 0, first.nextCursor()).items().stream()
                .map(MediaEntry::getId).toList(), "with an offset, entries 3 and 4 would have been skipped");
    }

    @Test
    void aForeignOrMixedCursorIsRefused() {
        var query = FileQuery.byResource("none", "n");
        var bad = assertThrows(InvalidMediaRequestException.class, () -> media.listPage(query, 10, 0, "bm90LWEtY3Vyc29y"));
        assertEquals("media.invalid-cursor", bad.code());
        assertThrows(InvalidMediaRequestException.class, () -> media.listPage(query, 10, 0, "%%%"));
        media.put(randomBytes(10, 500), PutOptions.named("m0").withResource("none", "n"));
        media.put(randomBytes(10, 501), PutOptions.named("m1").withResource("none", "n"));
        String cursor = media.listPage(query, 1, 0, null).nextCursor();
        assertThrows(InvalidMediaRequestException.class, () -> media.listPage(query, 1, 1, cursor));
    }

    @Test
    void newMediaInterfaceWorksOutOfTheBox() {
        var fresh = new MediaInterface();
        byte[] content = randomBytes(1234, 15);
        MediaEntry entry = fresh.put(content, PutOptions.named("fresh.bin"));
        assertArrayEquals(content, fresh.get(entry.getId()));
        assertTrue(fresh.delete(entry.getId()));
    }

}
