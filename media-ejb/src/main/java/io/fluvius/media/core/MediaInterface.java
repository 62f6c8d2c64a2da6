package io.fluvius.media.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.core.compress.CompressionMethod;
import io.fluvius.media.core.mime.MimeDetector;
import io.fluvius.media.core.ledger.BlobLedger;
import io.fluvius.media.core.ledger.ContentLocks;
import io.fluvius.media.core.sweep.DuplicateMerger;
import io.fluvius.media.core.ledger.GarbageCollector;
import io.fluvius.media.core.ledger.GarbageReport;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.metrics.MediaMetrics;
import io.fluvius.media.core.metrics.MediaOperation;
import io.fluvius.media.core.metrics.Measurement;
import io.fluvius.media.core.metrics.OperationMeter;
import io.fluvius.media.core.sweep.MergeReport;
import io.fluvius.media.core.pipeline.CopyPipeline;
import io.fluvius.media.core.pipeline.PutPipeline;
import io.fluvius.media.core.pipeline.ReadPipeline;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.core.storage.LocalDriver;
import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.records.MediaManager.EntryAndBlob;
import io.fluvius.media.core.records.NullMediaManager;
import io.fluvius.media.core.records.RecordQuery;
import io.fluvius.media.core.secrets.SecretBox;
import io.fluvius.media.core.verify.BlobVerification;
import io.fluvius.media.core.verify.BlobVerifier;

/**
 * The product's operations in plain Java (API.md §1). {@code new MediaInterface()} works with no server
 * and no database: entries in memory, files under {@code media.data-dir} (system property or
 * {@code MEDIA_DATA_DIR}) or a new temporary directory. The server builds one with its JPA manager and
 * the resource adapter's connection factory; the behaviour is the same.
 */
public class MediaInterface {

    /** Protocols a filesystem may be registered with (fsspec's names). */
    public static final List<String> PROTOCOLS = List.of("file", "memory", "s3", "gcs", "azure", "swift");

    private final MediaSettings settings;
    private final MediaManager manager;
    private final Filesystems filesystems;
    private final BlobLedger ledger;
    private final PutPipeline puts;
    private final ReadPipeline reads;
    private final CopyPipeline copies;
    private final GarbageCollector garbage;
    private final BlobVerifier verifier;
    private final DuplicateMerger merger;
    private final Clock clock;
    private final OperationMeter meter;

    /** In-memory entries, local files under {@code media.data-dir} or a temporary directory. */
    public MediaInterface() {
        this(LocalDriver.connectionFactory(defaultDataDir(), MediaSettings.DEFAULTS.defaultFsKey()));
    }

    /** In-memory entries over the given storage. */
    public MediaInterface(MediaConnectionFactory storage) {
        this(MediaSettings.DEFAULTS, new NullMediaManager(), storage);
    }

    public MediaInterface(MediaSettings settings, MediaManager manager, MediaConnectionFactory storage) {
        this(settings, manager, Filesystems.of(storage, manager), Clock.systemUTC());
    }

    /**
     * @param filesystems how filesystem keys reach storage (the server passes one with a cached lookup)
     */
    public MediaInterface(MediaSettings settings, MediaManager manager, Filesystems filesystems, Clock clock) {
        this(settings, manager, filesystems, clock, OperationMeter.NONE);
    }

    /**
     * @param metrics where puts, reads, deletes, copies and listings are reported, with their bytes and durations
     */
    public MediaInterface(MediaSettings settings, MediaManager manager, Filesystems filesystems, Clock clock,
                          MediaMetrics metrics) {
        this(settings, manager, filesystems, clock, new OperationMeter(metrics));
    }

    private MediaInterface(MediaSettings settings, MediaManager manager, Filesystems filesystems, Clock clock,
                           OperationMeter meter) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.manager = Objects.requireNonNull(manager, "manager");
        this.filesystems = Objects.requireNonNull(filesystems, "filesystems");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ledger = new BlobLedger(manager, clock, settings.uploadLease(),
                settings.contentLocks() ? ContentLocks.striped(256) : ContentLocks.disabled());
        this.puts = new PutPipeline(settings, manager, filesystems, ledger, MimeDetector.shared(), clock);
        this.reads = new ReadPipeline(filesystems, ledger);
        this.copies = new CopyPipeline(settings, manager, filesystems, ledger, clock);
        this.garbage = new GarbageCollector(ledger, filesystems);
        this.verifier = new BlobVerifier(filesystems, settings.chunkSize());
        this.merger = new DuplicateMerger(manager, ledger, verifier);
    }

    /**
     * The same operations, sealing the secret parameters of registered filesystems with {@code box} (the master
     * key). Without it a registration with secret parameters ({@link MediaFilesystem#isSecret}) is refused with
     * {@link io.fluvius.media.core.secrets.SecretUnavailableException}; one without works as ever.
     */
    public MediaInterface withSecrets(SecretBox box) {
        return new MediaInterface(settings, manager, filesystems.withSecrets(box), clock, meter);
    }

    /**
     * Drops the write intents this instance committed ahead for its puts and has not used yet
     * ({@code media.upload.reserve}); for a server that stops. Unreleased ones are collected after their lease.
     */
    public void releaseReservedWrites() {
        puts.releaseReservedWrites();
    }

    public MediaSettings settings() {
        return settings;
    }

    /** Stores the stream's bytes (read to its end, not closed) and returns the new entry. */
    public MediaEntry put(InputStream source, PutOptions options) {
        Objects.requireNonNull(source, "source");
        Measurement measurement = meter.start(MediaOperation.PUT);
        try {
            MediaEntry entry = puts.put(source, options);
            measurement.succeeded(entry.getFsKey(), entry.getLength());
            return entry;
        } catch (RuntimeException e) {
            throw measurement.failed(options == null || options.fsKey() == null ? settings.defaultFsKey()
                    : options.fsKey(), e);
        }
    }

    public MediaEntry put(byte[] source, PutOptions options) {
        Objects.requireNonNull(source, "source");
        return put(new java.io.ByteArrayInputStream(source), options);
    }

    /** Stores a file; its name is the filename unless the options give one. */
    public MediaEntry put(Path source, PutOptions options) {
        Objects.requireNonNull(source, "source");
        PutOptions effective = options == null ? PutOptions.named(null) : options;
        if (effective.filename() == null || effective.filename().isBlank()) {
            effective = effective.withFilename(source.getFileName().toString());
        }
        try (InputStream in = Files.newInputStream(source)) {
            return put(in, effective);
        } catch (IOException e) {
            throw new MediaSourceException(0, e);
        }
    }

    /**
     * The entry with the blob it references, each looked up once, for a caller that needs both the entry (headers,
     * validators) and, maybe, its bytes: {@link EntryContent#local()} and {@link EntryContent#open()} read them
     * with no further lookup, and only then is a read counted.
     *
     * @throws MediaNotFoundException when there is no such entry
     */
    public EntryContent content(UUID id) {
        EntryAndBlob found = manager.fetchWithBlob(requireId(id)).orElseThrow(() -> MediaNotFoundException.entry(id));
        // Without its blob the entry still answers headers; a read tells a moved entry from lost bytes.
        return new EntryContent(found.entry(), found.blob().orElse(null), reads, filesystems, meter);
    }

    /** The original (decompressed) bytes; the caller closes the stream. */
    public InputStream open(UUID id) {
        return read(id, EntryContent::open);
    }

    /** {@code length} original bytes from {@code offset} (fewer at the end); the caller closes the stream. */
    public InputStream open(UUID id, long offset, long length) {
        return read(id, (content, measurement) -> content.open(measurement, offset, length));
    }

    /**
     * The original bytes as a file on this machine, when the entry is stored uncompressed on a local
     * directory and carries a CRC32C; empty otherwise (then {@link #open(UUID)} serves it). For servers
     * that send files without copying them through the JVM; {@link LocalContent#transfer} still checks
     * whole transfers.
     */
    public Optional<LocalContent> localContent(UUID id) {
        return read(id, EntryContent::local);
    }

    /** A read of one entry, timed from its lookup; a failed lookup is a failed read. */
    private <T> T read(UUID id, BiFunction<EntryContent, Measurement, T> reading) {
        Measurement measurement = meter.start(MediaOperation.READ);
        EntryContent content;
        try {
            content = content(id);
        } catch (RuntimeException e) {
            throw measurement.failed(null, e);
        }
        return reading.apply(content, measurement);
    }

    /**
     * The whole file in memory, for small files only.
     *
     * @throws MediaTooLargeException above {@code media.get.max-bytes}: use {@link #open(UUID)}
     */
    public byte[] get(UUID id) {
        try (InputStream in = read(id, (content, measurement) -> {
            MediaEntry entry = content.entry();
            if (entry.getLength() > settings.getMaxBytes()) {
                throw measurement.failed(entry.getFsKey(), new MediaTooLargeException(settings.getMaxBytes(), "File "
                        + id + " has " + entry.getLength() + " bytes, more than get() returns in memory"
                        + " (media.get.max-bytes = " + settings.getMaxBytes() + "): stream it with open(id) or"
                        + " transferTo(id, out)"));
            }
            return content.open(measurement);
        })) {
            return in.readAllBytes(); // bounded by media.get.max-bytes above
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the original bytes to {@code out} (not closed). @return bytes written */
    public long transferTo(UUID id, OutputStream out) {
        try (InputStream in = open(id)) {
            return copy(in, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code length} original bytes from {@code offset} (fewer at the end). @return bytes written */
    public long transferTo(UUID id, OutputStream out, long offset, long length) {
        try (InputStream in = open(id, offset, length)) {
            return copy(in, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes the entry and its reference to its bytes, in one transaction. The bytes themselves go with
     * {@link #collectGarbage} once no entry references them and the grace period has passed.
     *
     * @return {@code false} when there was no such entry
     */
    public boolean delete(UUID id) {
        Measurement measurement = meter.start(MediaOperation.DELETE);
        try {
            Optional<MediaEntry> deleted = ledger.release(requireId(id));
            if (deleted.isEmpty()) {
                measurement.failed(null, MediaNotFoundException.entry(id));
                return false;
            }
            measurement.succeeded(deleted.get().getFsKey(), 0);
            return true;
        } catch (RuntimeException e) {
            throw measurement.failed(null, e);
        }
    }

    /**
     * Removes what no entry needs: bytes unreferenced for longer than {@code grace}, and the bytes of
     * uploads that never completed (killed or stalled past their lease). Runs its own short transactions,
     * never a caller's; safe beside any number of puts, reads and deletes on any server.
     */
    public GarbageReport collectGarbage(Duration grace) {
        return manager.outsideTransaction(() -> garbage.collect(grace));
    }

    /**
     * One page of the blob ledger, by id, starting right after {@code after} ({@code null}: from the start):
     * how sweeps walk every stored blob with flat memory, however many there are.
     */
    public List<MediaBlob> listBlobs(UUID after, int limit) {
        var query = new RecordQuery(Map.of(), pageLimit(limit), 0);
        return manager.query(MediaBlob.class, after == null ? query : query.after(List.of(after)));
    }

    /** Ids of (at most {@code limit} of) the entries that reference a blob, oldest first. */
    public List<UUID> entriesOfBlob(UUID blobId, int limit) {
        return manager.query(MediaEntry.class, new RecordQuery(Map.of("blobId", blobId), pageLimit(limit), 0))
                .stream().map(MediaEntry::getId).toList();
    }

    /**
     * Re-reads a blob's stored bytes and checks each block's CRC32C and the whole content's length and
     * SHA-256 against the ledger. Runs with no transaction open (a caller's is suspended meanwhile): it
     * reads every stored byte of the blob.
     *
     * @return what it found; empty when the ledger no longer holds the blob (collected meanwhile)
     */
    public Optional<BlobVerification> verifyBlob(UUID blobId) {
        Objects.requireNonNull(blobId, "blobId");
        return manager.outsideTransaction(() -> manager.fetch(MediaBlob.class, blobId).map(blob -> {
            BlobVerification found = verifier.verify(blob);
            // Bytes that vanished because garbage collection took the blob meanwhile are no finding.
            if (found.outcome() == BlobVerification.Outcome.MISSING && manager.fetch(MediaBlob.class, blobId).isEmpty()) {
                return null;
            }
            return found;
        }));
    }

    /** Whether the entry exists and its stored bytes are present. */
    public boolean exists(UUID id) {
        var entry = manager.fetch(MediaEntry.class, requireId(id));
        if (entry.isEmpty()) {
            return false;
        }
        try (MediaConnection connection = filesystems.connect(entry.get().getFsKey())) {
            return connection.exists(entry.get().getFsPath());
        }
    }

    /**
     * Copies to another filesystem ({@code null}: the same one). The copy keeps filename, hash, MIME type,
     * resource, compression and metadata, and records the original as its {@code sourceId}.
     */
    public MediaEntry copy(UUID id, String destFsKey) {
        return copyMetered(id, destFsKey, source -> source.getCompress());
    }

    /**
     * Copies to {@code destFsKey} ({@code null}: the same filesystem), stored with {@code compress} ({@code null}:
     * as the original is; {@code "none"}: uncompressed). Re-compressed bytes are read back and checked against
     * the content's SHA-256 before the copy exists.
     */
    public MediaEntry copy(UUID id, String destFsKey, String compress) {
        return copyMetered(id, destFsKey, source -> compression(compress, source));
    }

    private MediaEntry copyMetered(UUID id, String destFsKey,
                                   java.util.function.Function<MediaEntry, CompressionMethod> compression) {
        Measurement measurement = meter.start(MediaOperation.COPY);
        String target = destFsKey == null || destFsKey.isBlank() ? null : destFsKey;
        try {
            MediaEntry source = getMetadata(id);
            target = target == null ? source.getFsKey() : target;
            MediaEntry copy = copies.copy(source, target, compression.apply(source));
            measurement.succeeded(copy.getFsKey(), copy.getLength());
            return copy;
        } catch (RuntimeException e) {
            throw measurement.failed(target, e);
        }
    }

    /**
     * Moves an entry's content to {@code destFsKey} ({@code null}: where it is), stored with {@code compress}
     * ({@code null}: as it is; {@code "none"}: uncompressed): the bytes are written and verified first, then the
     * entry, keeping its id, is switched to them in one transaction and its old bytes are left to garbage
     * collection. Reads keep working throughout. Runs its own short transactions, never a caller's.
     *
     * @return the entry as it is now (unchanged when it is there already); empty when it was deleted, or moved
     *         by someone else, meanwhile
     */
    public Optional<MediaEntry> move(UUID id, String destFsKey, String compress) {
        MediaEntry entry = getMetadata(id);
        String target = destFsKey == null || destFsKey.isBlank() ? entry.getFsKey() : destFsKey;
        CompressionMethod compression = compression(compress, entry);
        return copies.move(entry, target, compression);
    }

    private static CompressionMethod compression(String compress, MediaEntry entry) {
        return compress == null ? entry.getCompress() : CompressionMethod.parse(compress).orElse(null);
    }

    /** Entries copied from {@code sourceId} onto {@code fsKey} (at most {@code limit}). */
    public List<MediaEntry> copiesOf(UUID sourceId, String fsKey, int limit) {
        return manager.query(MediaEntry.class, new RecordQuery(Map.of("sourceId", requireId(sourceId),
                "fsKey", Objects.requireNonNull(fsKey, "fsKey")), pageLimit(limit), 0));
    }

    /**
     * One page of the entries a sweep selects, oldest first (then by id), starting right after the entry created
     * at {@code afterCreated} with id {@code afterId} ({@code null}s: from the first): keyset pages, so that a
     * sweep over millions costs the same per page.
     */
    public List<MediaEntry> selectEntries(EntrySelection selection, Instant afterCreated, UUID afterId, int limit) {
        var query = new RecordQuery(filters(new FileQuery(selection.resource(), selection.resourceId(),
                selection.fsKey())), pageLimit(limit), 0);
        // Entries are created at whole microseconds: "after t" is "at least t plus one microsecond, rounded up".
        if (selection.createdAfter() != null) {
            query = query.atLeast("created", selection.createdAfter().truncatedTo(ChronoUnit.MICROS).plusNanos(1000));
        }
        if (selection.createdBefore() != null) {
            Instant before = selection.createdBefore();
            Instant micros = before.truncatedTo(ChronoUnit.MICROS);
            query = query.atMost("created", micros.equals(before) ? micros.minusNanos(1000) : micros);
        }
        return manager.query(MediaEntry.class, afterId == null ? query : query.after(List.of(afterCreated, afterId)));
    }

    /**
     * Content hashes that more than one blob holds, ascending, after {@code afterHash} ({@code null}: from the
     * first): where dedup-sweep looks for duplicates, a page at a time.
     */
    public List<String> duplicatedContents(String afterHash, int limit) {
        return manager.repeatedValues(MediaBlob.class, "contentHash", afterHash, pageLimit(limit)).stream()
                .map(String.class::cast).toList();
    }

    /**
     * Merges the blobs of one content that lie on one filesystem with one compression (stored while dedup was
     * off, or by older versions): one of them, verified intact, becomes the content's canonical blob, and every
     * entry of the others is re-pointed at it, each in a transaction of its own; no byte moves, and garbage
     * collection removes the others. Runs its own short transactions, never a caller's.
     */
    public MergeReport mergeDuplicates(String contentHash) {
        Objects.requireNonNull(contentHash, "contentHash");
        return manager.outsideTransaction(() -> merger.merge(contentHash));
    }

    /** Entries of a business resource, oldest first (then by id). Limit 0 means 100; at most 1000. */
    public List<MediaEntry> listFiles(String resource, String resourceId, int limit, long offset) {
        return listFiles(new FileQuery(resource, resourceId, null), limit, offset);
    }

    /** Entries matching every non-null criterion, oldest first (then by id). */
    public List<MediaEntry> listFiles(FileQuery criteria, int limit, long offset) {
        return listPage(criteria, limit, offset, null).items();
    }

    /**
     * A page of entries matching every non-null criterion, oldest first (then by id), starting at
     * {@code offset} or, when {@code cursor} is given, right after the page that handed it out. Following
     * {@link FilePage#nextCursor()} costs the same on page 5,000 as on page 1; entries added or removed
     * meanwhile shift nothing. Limit 0 means 100; at most 1000.
     *
     * @param cursor a {@code nextCursor} of an earlier page of the same criteria, or {@code null}
     * @throws InvalidMediaRequestException when the cursor is not one this service handed out, or both
     *         a cursor and a non-zero offset are given
     */
    public FilePage listPage(FileQuery criteria, int limit, long offset, String cursor) {
        Measurement measurement = meter.start(MediaOperation.LIST);
        try {
            FilePage page = page(criteria, limit, offset, cursor);
            measurement.listed(criteria.fsKey());
            return page;
        } catch (RuntimeException e) {
            throw measurement.failed(criteria == null ? null : criteria.fsKey(), e);
        }
    }

    private FilePage page(FileQuery criteria, int limit, long offset, String cursor) {
        int pageSize = pageLimit(limit);
        long start = offset;
        // One row beyond the page tells whether another page follows, without a second query.
        var query = new RecordQuery(filters(criteria), pageSize + 1, offset);
        if (cursor != null && !cursor.isBlank()) {
            if (offset != 0) {
                throw new InvalidMediaRequestException("Give either offset or cursor, not both");
            }
            ListCursor position = ListCursor.decode(cursor);
            start = position.offset();
            query = query.after(position.orderingValues()).page(pageSize + 1, 0);
        }
        List<MediaEntry> found = manager.query(MediaEntry.class, query);
        if (found.size() <= pageSize) {
            return new FilePage(found, pageSize, start, null);
        }
        List<MediaEntry> items = found.subList(0, pageSize);
        return new FilePage(items, pageSize, start, ListCursor.after(items.get(pageSize - 1), start + pageSize).encode());
    }

    private static Map<String, Object> filters(FileQuery criteria) {
        var filters = new java.util.HashMap<String, Object>();
        filters.put("resource", criteria.resource());
        filters.put("resourceId", criteria.resourceId());
        filters.put("fsKey", criteria.fsKey());
        return filters;
    }

    private static int pageLimit(int limit) {
        if (limit < 0) {
            throw new InvalidMediaRequestException("limit must not be negative, was " + limit);
        }
        return limit == 0 ? RecordQuery.DEFAULT_LIMIT : Math.min(limit, RecordQuery.MAX_LIMIT);
    }

    /**
     * Registers a filesystem. The driver checks the protocol and its parameters (unknown ones refused) and, in
     * the server, a {@code file} root is confined ({@link io.fluvius.media.core.storage.FileRoots}) before
     * anything is stored or created. A key is registered once: the same definition again returns the existing
     * registration; other parameters under an existing key, or the key of a connection definition, are a 409
     * {@code media.filesystem-exists} (re-pointing a key would re-point every entry stored under it). Secret
     * parameters are stored sealed ({@link #withSecrets}); without a master key a registration with any is a 500
     * {@code media.secret-unavailable}, and nothing is stored.
     */
    public MediaFilesystem registerFilesystem(String fsKey, String protocol, String name, Map<String, String> params) {
        if (!MediaFilesystem.isRegistrableKey(fsKey)) {
            throw new InvalidMediaRequestException("fsKey must be 1-64 letters, digits, '.', '_' or '-', was '"
                    + fsKey + "'");
        }
        if (protocol == null || !PROTOCOLS.contains(protocol)) {
            throw new InvalidMediaRequestException("media.unknown-protocol", "Unknown protocol '" + protocol
                    + "'; supported: " + String.join(", ", PROTOCOLS));
        }
        checkFits(name, params);
        var filesystem = filesystems.seal(fsKey, protocol, name, params, Instant.now(clock));
        Optional<MediaFilesystem> existing = manager.fetch(MediaFilesystem.class, fsKey);
        if (existing.isPresent()) {
            MediaFilesystem current = existing.get();
            if (current.getProtocol().equals(protocol) && current.getParams().equals(filesystem.getParams())
                    && java.util.Objects.equals(current.getName(), name)
                    && current.storedParams().keySet().equals(filesystem.storedParams().keySet())
                    && filesystems.openedParams(current).equals(params == null ? Map.of() : params)) {
                return current;
            }
            throw new FilesystemExistsException("Filesystem '" + fsKey + "' is already registered with other"
                    + " parameters; register the new definition under another key (and copy entries to it)");
        }
        if (filesystems.isDeclared(fsKey)) {
            throw new FilesystemExistsException("Filesystem '" + fsKey + "' is defined by the server configuration"
                    + " (a connection definition of the resource adapter); register under another key");
        }
        filesystems.checkNew(filesystem, registeredFilesystems());
        filesystems.register(filesystem);
        return manager.insert(filesystem);
    }

    /**
     * A registration's name and parameters fit their columns: named parameters with values, no NUL (PostgreSQL
     * refuses it in text). Checked before anything else, so that a bad one is the caller's 400, never a failed
     * insert or a driver's NullPointerException (a 500).
     */
    private static void checkFits(String name, Map<String, String> params) {
        if (name != null && (name.length() > MediaFilesystem.MAX_NAME || name.indexOf('\0') >= 0)) {
            throw new InvalidMediaRequestException("media.invalid-params", "name must be at most "
                    + MediaFilesystem.MAX_NAME + " characters without NUL, was " + name.length() + " characters");
        }
        if (params == null) {
            return;
        }
        params.forEach((param, value) -> {
            if (param == null || param.isBlank() || param.length() > MediaFilesystem.MAX_PARAM_NAME
                    || param.indexOf('\0') >= 0) {
                throw new InvalidMediaRequestException("media.invalid-params", "A parameter name must be 1-"
                        + MediaFilesystem.MAX_PARAM_NAME + " characters without NUL");
            }
            if (value == null || value.length() > MediaFilesystem.MAX_VALUE || value.indexOf('\0') >= 0) {
                throw new InvalidMediaRequestException("media.invalid-params", "The parameter '" + param
                        + "' needs a value of at most " + MediaFilesystem.MAX_VALUE + " characters without NUL");
            }
        });
    }

    /**
     * Every filesystem, by key: the connection definitions of the server configuration and those registered at run
     * time, each with its {@link FilesystemInfo#origin()}, none with a secret parameter.
     */
    public List<FilesystemInfo> listFilesystems() {
        return filesystems.describe(registeredFilesystems());
    }

    /**
     * One filesystem as {@link #listFilesystems} shows it.
     *
     * @throws MediaNotFoundException when no filesystem has that key
     */
    public FilesystemInfo describeFilesystem(String fsKey) {
        Optional<MediaFilesystem> registered = MediaFilesystem.isRegistrableKey(fsKey)
                ? manager.fetch(MediaFilesystem.class, fsKey) : Optional.empty();
        return registered.map(FilesystemInfo::registered).orElseGet(() -> filesystems.describe(List.of()).stream()
                .filter(f -> f.fsKey().equals(fsKey)).findFirst()
                .orElseThrow(() -> MediaNotFoundException.filesystem(fsKey)));
    }

    /**
     * Hands every filesystem registered in the database to the driver ahead of its first use: the server does so
     * when it starts, so that the driver, and readiness with it, knows them all.
     *
     * @return the keys that could not be handed, each with the reason (they fail the same way when used)
     */
    public Map<String, String> handRegisteredFilesystemsToDriver() {
        return filesystems.handToDriver(registeredFilesystems());
    }

    /** The registrations in the database, by key. */
    private List<MediaFilesystem> registeredFilesystems() {
        return manager.query(MediaFilesystem.class, new RecordQuery(Map.of(), RecordQuery.MAX_LIMIT, 0));
    }

    /** The live handle to a filesystem's storage; the caller closes it. */
    public MediaConnection getFilesystem(String fsKey) {
        return filesystems.connect(fsKey == null ? settings.defaultFsKey() : fsKey);
    }

    public MediaEntry getMetadata(UUID id) {
        return manager.fetch(MediaEntry.class, requireId(id)).orElseThrow(() -> MediaNotFoundException.entry(id));
    }

    private static UUID requireId(UUID id) {
        if (id == null) {
            throw new InvalidMediaRequestException("An entry id is required");
        }
        return id;
    }

    private long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[settings.chunkSize()];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private static Path defaultDataDir() {
        String configured = System.getProperty("media.data-dir", System.getenv("MEDIA_DATA_DIR"));
        try {
            return configured != null && !configured.isBlank()
                    ? Files.createDirectories(Path.of(configured))
                    : Files.createTempDirectory("fluvius-media-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the media data directory", e);
        }
    }
}
