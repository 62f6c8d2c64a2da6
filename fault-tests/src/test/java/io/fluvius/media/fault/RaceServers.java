package io.fluvius.media.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.process.GarbageCollectionServlet;
import io.fluvius.media.it.process.ServerProcess;
import io.fluvius.media.it.process.TwoServers;

/**
 * The two servers {@link RacesIT} races on (arquillian-tests' {@link TwoServers}: clustered, one PostgreSQL database,
 * one storage directory, at port offsets 900 and 950), the {@code file} filesystems they share, and the audit of
 * their storage against every entry the races made.
 */
final class RaceServers implements AutoCloseable {

    /** Another filesystem for copies, and the target of the move. */
    static final String COPIES = "copies";
    static final String MOVED = "moved";
    /** Short, so that the write a kill cut off is collectable soon after (CrashPointsIT does the same). */
    static final Duration UPLOAD_LEASE = Duration.ofSeconds(10);

    final TwoServers cluster;
    final MediaApi one;
    final MediaApi two;
    private final StorageAudit storage;
    /** The resources the races stored entries under: all there are, as the database started empty. */
    private final Set<String> resources = ConcurrentHashMap.newKeySet();

    private RaceServers(TwoServers cluster, StorageAudit storage) {
        this.cluster = cluster;
        this.one = new MediaApi(cluster.node(1).webModule());
        this.two = new MediaApi(cluster.node(2).webModule());
        this.storage = storage;
    }

    /** Starts both servers (skipped without PostgreSQL) and registers the filesystems {@link #COPIES} and {@link #MOVED}. */
    static RaceServers start() throws Exception {
        var cluster = new TwoServers().named("races").atPortOffsets(900, 950)
                .onInstallation(FaultDatabase.postgresqlHome()).onDatabase(FaultDatabase.postgresql())
                .withDeployment(GarbageCollectionServlet.war())
                .withSystemProperty("media.upload.lease", Long.toString(UPLOAD_LEASE.toSeconds()))
                .withSystemProperty("media.jobs.lease", "PT6S"); // a killed execution is marked FAILED soon
        try {
            cluster.start();
            MediaApi api = new MediaApi(cluster.node(1).webModule());
            Map<String, Path> roots = new TreeMap<>(Map.of("file", cluster.sharedFileRoot()));
            for (String fsKey : List.of(COPIES, MOVED)) {
                Path root = Files.createDirectories(TwoServers.sharedFilesystemsDir().resolve(fsKey));
                HttpResponse<String> registered = api.send(api.request(LocalUser.ADMIN, "filesystems")
                        .header("Content-Type", "application/json").POST(BodyPublishers.ofString(Json.createObjectBuilder()
                                .add("fsKey", fsKey).add("protocol", "file").add("name", "races: " + fsKey)
                                .add("params", Json.createObjectBuilder().add("root", root.toString())).build().toString())));
                assertEquals(201, registered.statusCode(), registered::body);
                roots.put(fsKey, root);
            }
            return new RaceServers(cluster, new StorageAudit(roots));
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    ServerProcess node(int number) {
        return cluster.node(number);
    }

    /** A race's resource, remembered so that every audit lists all entries there are. */
    String resource(String name) {
        resources.add(name);
        return name;
    }

    StorageAudit storage() {
        return storage;
    }

    /**
     * Holds the stored files against every entry, before a last collection (grace 0) and after it; fails on any
     * entry without its file, and on any file without an entry after it.
     */
    Audit auditAfterLastCollection() throws Exception {
        StorageAudit.Findings before = storage.of(allEntries());
        String report = GarbageCollectionLoop.collectOnce(node(1));
        StorageAudit.Findings after = storage.of(allEntries());
        assertEquals(List.of(), after.missing(), "entries whose stored file is gone");
        assertEquals(List.of(), after.unreferenced(), "stored files no entry references after the last gc");
        return new Audit(before, after, report);
    }

    /** What an audit found, as a figure of the results. */
    record Audit(StorageAudit.Findings before, StorageAudit.Findings after, String lastCollection) {
        @Override
        public String toString() {
            return "unreferenced files before the last gc " + before.unreferenced().size() + ", after "
                    + after.unreferenced().size() + " (" + after.files() + " files for " + after.entries()
                    + " entries)";
        }
    }

    private List<JsonObject> allEntries() throws Exception {
        List<JsonObject> entries = new ArrayList<>();
        for (String resource : resources) {
            entries.addAll(EntryListing.entries(one, resource).values());
        }
        return entries;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
