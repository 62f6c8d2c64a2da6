import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What latest.md shows, row by row: each measurement's label, unit, what its median is compared with and
 * the target of issue 16. Labels say what a figure is: S3Proxy rows say that S3Proxy does not sync,
 * Fluvius's small-file rows name their database, in-process figures are compared only with in-process ones.
 */
final class Rows {

    enum Kind {
        /** The reference itself, or a figure shown without a comparison. */
        PLAIN,
        /** median / median of the reference (throughputs, rates). */
        RATIO,
        /** median / a fixed budget in the row's unit. */
        BUDGET,
        /** Not a measurement: the ratio of two other rows' medians. */
        DERIVED
    }

    /** Whether a ratio meets its target: at least, below, at most, or exactly zero. */
    record Target(String text, double bound, int sense) {
        static final Target NONE = new Target("", 0, 0);

        static Target atLeast(double bound) {
            return new Target("≥ " + plain(bound), bound, 1);
        }

        static Target below(double bound) {
            return new Target("< " + plain(bound), bound, -1);
        }

        static Target atMost(double bound) {
            return new Target("≤ " + plain(bound), bound, -2);
        }

        static Target zero() {
            return new Target("= 0", 0, 0);
        }

        private static String plain(double bound) {
            return BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
        }

        Boolean met(double ratio) {
            if (text.isEmpty()) {
                return null;
            }
            return switch (sense) {
                case 1 -> ratio >= bound;
                case -1 -> ratio < bound;
                case -2 -> ratio <= bound;
                default -> ratio == 0;
            };
        }
    }

    record Row(String id, String label, String unit, Kind kind, String reference, double budget, Target target) {
    }

    /** Beside every S3Proxy figure and every ratio to one. */
    static final String NO_FSYNC = "S3Proxy: no fsync";
    private static final String S3PROXY = "Peer: S3Proxy (**no fsync**)";
    private static final String H2 = "Fluvius HTTP on H2 (commits not synced)";
    private static final String PG = "Fluvius HTTP on PostgreSQL (fsync, synchronous_commit on)";
    /** The request path alone: bench/server's FloorServlet, the ceiling of every Fluvius HTTP small-file row. */
    private static final String FLOOR = "Request-path floor (a servlet in the same WildFly, same BASIC authentication,"
            + " keeping bodies in memory: no storage, database, sync or MIME detection; what no product code here can"
            + " go above): ";
    private static final String HEAP = "heap 256 MiB: ";
    private static final double RSS_BUDGET = 64;

    private final List<Row> rows = new ArrayList<>();

    private Rows() {
    }

    static List<Row> of(Map<String, String> meta) {
        String big = meta.getOrDefault("big_size_label", "1 GiB");
        String stream = meta.getOrDefault("stream_size_label", "6 GiB");
        String small = meta.getOrDefault("small_count_label", "10,000");
        String page = meta.getOrDefault("list_page", "5000");
        String entries = meta.getOrDefault("list_entries_label", "1,000,000");
        double bigMiB = Double.parseDouble(meta.getOrDefault("big_bytes", "1073741824")) / (1 << 20);
        Rows r = new Rows();
        r.plain("ceiling.sha256_fsync", "Ceiling: Java reads " + big + ", SHA-256, writes, fsync (1 thread)", "MiB/s");
        r.plain("ceiling.zstd", "Ceiling: the same with zstd level 3 before the write", "MiB/s");
        r.plain("ceiling.nginx_get", "Ceiling: nginx serves " + big + " to curl", "MiB/s");
        r.ratio("peer.s3_put_big", S3PROXY + " PUT " + big + " (curl)", "MiB/s", "ceiling.sha256_fsync", Target.NONE);
        r.ratio("peer.s3_get_big", S3PROXY + " GET " + big + " (curl)", "MiB/s", "ceiling.nginx_get", Target.NONE);
        r.ratio("http.put_raw", "Fluvius HTTP: upload " + big + " raw (curl)", "MiB/s", "ceiling.sha256_fsync",
                Target.atLeast(0.85));
        r.ratio("http.put_zstd", "Fluvius HTTP: upload " + big + " with compress=zstd", "MiB/s", "ceiling.zstd",
                Target.atLeast(0.85));
        r.ratio("http.get", "Fluvius HTTP: download " + big + " (raw entry)", "MiB/s", "ceiling.nginx_get",
                Target.atLeast(0.85));
        r.ratio("http.range_ms", "Fluvius HTTP: 1 MiB range from the middle of the " + big + " raw entry", "ms",
                "http.get_ms", Target.below(0.05));
        r.ratio("inproc.put_raw", "Fluvius in-process (MediaService local view): put " + big
                + " from disk, against the in-process ceiling", "MiB/s", "ceiling.sha256_fsync", Target.NONE);
        r.plain("inproc.get", "Fluvius in-process: read the " + big + " entry (open, verified) into nothing"
                + " (no in-process peer to compare with)", "MiB/s");
        r.derived("derived.http_vs_inproc_put", "Fluvius HTTP ÷ Fluvius in-process: put " + big,
                "http.put_raw/inproc.put_raw");
        r.derived("derived.http_vs_inproc_get", "Fluvius HTTP ÷ Fluvius in-process: read " + big, "http.get/inproc.get");
        r.ratio("s3fs.put_big", "Fluvius HTTP over S3Proxy (fsKey bench-s3; its bytes as unsynced as S3Proxy's):"
                + " upload " + big + "; ratio = overhead, its rate ÷ S3Proxy alone's", "MiB/s", "peer.s3_put_big",
                Target.NONE);
        r.ratio("s3fs.get_big", "Fluvius HTTP over S3Proxy: download " + big + "; ratio = overhead, its rate ÷"
                + " S3Proxy alone's", "MiB/s", "peer.s3_get_big", Target.NONE);

        r.plain("peer.s3_small_put", S3PROXY + " " + small + " PUTs of 4 KiB, 8 clients", "ops/s");
        r.plain("peer.s3_small_get", S3PROXY + " " + small + " GETs of 4 KiB, 8 clients", "ops/s");
        r.ratio("floor.small_put", FLOOR + small + " PUTs of 4 KiB, 8 clients", "ops/s", "peer.s3_small_put",
                Target.NONE);
        r.ratio("floor.small_get", FLOOR + small + " GETs of 4 KiB, 8 clients", "ops/s", "peer.s3_small_get",
                Target.NONE);
        r.ratio("http.small_put", H2 + ": " + small + " PUTs of 4 KiB, 8 clients", "ops/s", "peer.s3_small_put",
                Target.atLeast(1));
        r.ratio("http.small_get", H2 + ": " + small + " GETs of 4 KiB, 8 clients", "ops/s", "peer.s3_small_get",
                Target.atLeast(1));
        r.ratio("pg.http.small_put", PG + ": " + small + " PUTs of 4 KiB, 8 clients", "ops/s", "peer.s3_small_put",
                Target.atLeast(1));
        r.ratio("pg.http.small_get", PG + ": " + small + " GETs of 4 KiB, 8 clients", "ops/s", "peer.s3_small_get",
                Target.atLeast(1));
        r.ratio("s3fs.small_put", "Fluvius HTTP over S3Proxy (H2): " + small + " PUTs of 4 KiB, 8 clients,"
                + " ratio = overhead, its rate ÷ S3Proxy alone's", "ops/s", "peer.s3_small_put", Target.NONE);
        r.ratio("s3fs.small_get", "Fluvius HTTP over S3Proxy (H2): " + small + " GETs of 4 KiB, 8 clients,"
                + " ratio = overhead, its rate ÷ S3Proxy alone's", "ops/s", "peer.s3_small_get", Target.NONE);
        r.plain("inproc.small_put", "Fluvius in-process (H2): " + small + " puts of 4 KiB, 8 threads"
                + " (no in-process peer to compare with)", "ops/s");
        r.plain("inproc.small_get", "Fluvius in-process (H2): " + small + " reads of 4 KiB, 8 threads"
                + " (no in-process peer to compare with)", "ops/s");
        r.derived("derived.http_vs_inproc_small_put", "Fluvius HTTP ÷ Fluvius in-process (H2): small-file puts",
                "http.small_put/inproc.small_put");
        r.derived("derived.http_vs_inproc_small_get", "Fluvius HTTP ÷ Fluvius in-process (H2): small-file reads",
                "http.small_get/inproc.small_get");
        r.plain("peer.s3_syncs_per_put", S3PROXY + ": fsync-family calls per 4 KiB PUT (strace)", "calls");
        r.plain("http.syncs_per_put", "Fluvius on H2: fsync-family calls per 4 KiB PUT (strace)", "calls");
        r.plain("pg.http.syncs_per_put", "Fluvius on PostgreSQL: fsync-family calls per 4 KiB PUT in the server"
                + " (strace; the WAL flush is PostgreSQL's)", "calls");
        for (String[] counted : new String[][] {{"puts", "PUTs"}, {"reads", "GETs"}, {"put_bytes", "bytes put"},
                {"read_bytes", "bytes read"}}) {
            r.plain("pg.metrics." + counted[0], "Server metrics (Prometheus scrape) ÷ the bench's own count over the"
                    + " PostgreSQL small-file rounds: " + counted[1], "×");
        }
        r.plain("pg.http.round_trips_per_put", "Fluvius on PostgreSQL: database round trips per 4 KiB PUT (median"
                + " writes to PostgreSQL's socket per put, same trace)", "writes");
        r.plain("pg.http.ordered_acks", "Fluvius on PostgreSQL: of 100 sequential 4 KiB PUTs, those whose 201 came"
                + " after the fdatasync of the file and of a directory, the COMMIT, PostgreSQL's WAL sync and the"
                + " commit's completion (strace of both)", "puts");

        r.plain("memory.fresh_idle_rss", "Server RSS at idle: fresh start and a short warm-up, before any large"
                + " transfer (one per memory round, each on a server started afresh)", "MiB");
        r.plain("peer.s3_idle_rss", "S3Proxy RSS at idle: fresh start and the same warm-up", "MiB");
        r.memory("", stream, big);
        r.ratio("http.put_stream", "Fluvius HTTP: upload " + stream + " streamed (chunked, from a generator)",
                "MiB/s", "ceiling.sha256_fsync", Target.NONE);

        r.plain("pg.memory.fresh_idle_rss", "PostgreSQL session: server RSS at idle, fresh start and a short warm-up",
                "MiB");
        r.plain("h256.memory.fresh_idle_rss", HEAP + "server RSS at idle, fresh start and a short warm-up (one per"
                + " memory round)", "MiB");
        r.memory(HEAP, stream, big);
        r.ratio("h256.http.put_stream", HEAP + "Fluvius HTTP: upload " + stream + " streamed", "MiB/s",
                "ceiling.sha256_fsync", Target.NONE);
        r.ratio("h256.http.put_raw", HEAP + "Fluvius HTTP: upload " + big + " raw (curl)", "MiB/s",
                "ceiling.sha256_fsync", Target.atLeast(0.85));
        r.ratio("h256.http.get", HEAP + "Fluvius HTTP: download " + big + " (raw entry)", "MiB/s",
                "ceiling.nginx_get", Target.atLeast(0.85));
        r.ratio("h256.http.small_put", HEAP + H2 + ": " + small + " PUTs of 4 KiB, 8 clients", "ops/s",
                "peer.s3_small_put", Target.atLeast(1));
        r.ratio("h256.http.small_get", HEAP + H2 + ": " + small + " GETs of 4 KiB, 8 clients", "ops/s",
                "peer.s3_small_get", Target.atLeast(1));

        r.budget("dedup.plain_written", "Dedup: server wrote during an identical " + big
                + " upload, no digest (all its writes)", "MiB", bigMiB, Target.below(0.01));
        r.budget("dedup.digest_written", "Dedup: the same with Content-Digest: sha-256 (all its writes)", "MiB",
                bigMiB, Target.below(0.01));
        r.budget("dedup.plain_stored", "Dedup: growth of the blob store per identical upload", "MiB", bigMiB,
                Target.zero());
        r.plain("list.page1_ms", "Listing, " + entries + " entries of one resource: page 1 (limit 100, HTTP)", "ms");
        r.ratio("list.pageN_ms", "Listing: page " + page + " (HTTP, "
                + meta.getOrDefault("list_navigation", "following Link rel=next") + ")", "ms", "list.page1_ms",
                Target.atMost(2));
        r.plain("list.inproc_page1_ms", "Listing in-process (local view, offset): page 1", "ms");
        r.ratio("list.inproc_pageN_ms", "Listing in-process (local view, offset): page " + page, "ms",
                "list.inproc_page1_ms", Target.NONE);
        return r.rows;
    }

    /** Peaks above the session's fresh idle; the prefix "heap 256 MiB: " selects the capped session's ids. */
    private void memory(String heap, String stream, String big) {
        String id = heap.isEmpty() ? "memory." : "h256.memory.";
        String server = heap + "Server RSS peak above the round's fresh idle, ";
        budget(id + "small_growth", server + "8-client small-file load", "MiB", RSS_BUDGET, Target.NONE);
        budget(id + "big_upload_growth", server + big + " upload", "MiB", RSS_BUDGET, Target.NONE);
        budget(id + "upload_growth", server + stream + " upload", "MiB", RSS_BUDGET, Target.below(1));
        budget(id + "download_growth", server + stream + " download", "MiB", RSS_BUDGET, Target.below(1));
        budget(id + "stream_minus_big", heap + "Server RSS peak during a " + stream + " upload minus that during a "
                + big + " upload (growth with size)", "MiB", RSS_BUDGET, Target.NONE);
        if (heap.isEmpty()) {
            plain(id + "before_upload_rss", "Server RSS just before each " + stream
                    + " upload (after the round's " + big + " upload: context, not the idle)", "MiB");
        }
    }

    private void plain(String id, String label, String unit) {
        rows.add(new Row(id, label, unit, Kind.PLAIN, null, 0, Target.NONE));
    }

    private void ratio(String id, String label, String unit, String reference, Target target) {
        rows.add(new Row(id, label, unit, Kind.RATIO, reference, 0, target));
    }

    private void budget(String id, String label, String unit, double budget, Target target) {
        rows.add(new Row(id, label, unit, Kind.BUDGET, null, budget, target));
    }

    private void derived(String id, String label, String quotient) {
        rows.add(new Row(id, label, "×", Kind.DERIVED, quotient, 0, Target.NONE));
    }
}
