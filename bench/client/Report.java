import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one run's raw samples into {@code latest.md} and {@code latest.json}: every row's min, median and
 * max, and the ratio of its median to its ceiling, peer or budget, beside the target.
 * <p>
 * Inputs (tab-separated, written by bench/run): {@code samples.tsv} "id value", {@code na.tsv}
 * "id reason" for measurements that could not be made, {@code meta.tsv} "key value".
 * Usage: {@code Report <run-dir> <latest.md> <latest.json>}
 */
public final class Report {

    private enum Kind {
        /** The reference itself. */
        CEILING,
        /** median / median of the reference (throughputs, rates). */
        RATIO,
        /** median / a fixed budget in the row's unit. */
        BUDGET,
        /** Not a measurement: the ratio of two other rows' medians. */
        DERIVED
    }

    /** Whether a ratio meets its target: at least, below, or exactly. */
    private record Target(String text, double bound, int sense) {
        static final Target NONE = new Target("", 0, 0);

        static Target atLeast(double bound) {
            return new Target("≥ " + java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString(), bound, 1);
        }

        static Target below(double bound) {
            return new Target("< " + java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString(), bound, -1);
        }

        static Target atMost(double bound) {
            return new Target("≤ " + java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString(), bound, -2);
        }

        static Target zero() {
            return new Target("= 0", 0, 0);
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

    private record Row(String id, String label, String unit, Kind kind, String reference, double budget,
                       Target target) {
    }

    private static final String BIG = "1 GiB";

    private static List<Row> rows(Map<String, String> meta) {
        String big = meta.getOrDefault("big_size_label", BIG);
        String stream = meta.getOrDefault("stream_size_label", "6 GiB");
        String small = meta.getOrDefault("small_count_label", "10,000");
        String page = meta.getOrDefault("list_page", "5000");
        String entries = meta.getOrDefault("list_entries_label", "1,000,000");
        double bigMiB = Double.parseDouble(meta.getOrDefault("big_bytes", "1073741824")) / (1 << 20);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("ceiling.sha256_fsync", "Ceiling: Java reads " + big + ", SHA-256, writes, fsync (1 thread)",
                "MiB/s", Kind.CEILING, null, 0, Target.NONE));
        rows.add(new Row("ceiling.zstd", "Ceiling: the same with zstd level 3 before the write", "MiB/s", Kind.CEILING,
                null, 0, Target.NONE));
        rows.add(new Row("ceiling.nginx_get", "Ceiling: nginx serves " + big + " to curl", "MiB/s", Kind.CEILING,
                null, 0, Target.NONE));
        rows.add(new Row("peer.s3_put_big", "Peer: S3Proxy PUT " + big + " (curl)", "MiB/s", Kind.RATIO,
                "ceiling.sha256_fsync", 0, Target.NONE));
        rows.add(new Row("peer.s3_get_big", "Peer: S3Proxy GET " + big + " (curl)", "MiB/s", Kind.RATIO,
                "ceiling.nginx_get", 0, Target.NONE));
        rows.add(new Row("http.put_raw", "Fluvius HTTP: upload " + big + " raw (curl)", "MiB/s", Kind.RATIO,
                "ceiling.sha256_fsync", 0, Target.atLeast(0.85)));
        rows.add(new Row("http.put_zstd", "Fluvius HTTP: upload " + big + " with compress=zstd", "MiB/s", Kind.RATIO,
                "ceiling.zstd", 0, Target.atLeast(0.85)));
        rows.add(new Row("http.get", "Fluvius HTTP: download " + big + " (raw entry)", "MiB/s", Kind.RATIO,
                "ceiling.nginx_get", 0, Target.atLeast(0.85)));
        rows.add(new Row("http.range_ms", "Fluvius HTTP: 1 MiB range from the middle of the " + big + " raw entry",
                "ms", Kind.RATIO, "http.get_ms", 0, Target.below(0.05)));
        rows.add(new Row("inproc.put_raw", "Fluvius in-process (MediaService local view): put " + big + " from disk",
                "MiB/s", Kind.RATIO, "ceiling.sha256_fsync", 0, Target.NONE));
        rows.add(new Row("inproc.get", "Fluvius in-process: read the " + big + " entry (open, verified) into nothing",
                "MiB/s", Kind.RATIO, "ceiling.nginx_get", 0, Target.NONE));
        rows.add(new Row("derived.http_vs_inproc_put", "What HTTP keeps of the in-process put (" + big + ")", "×",
                Kind.DERIVED, "http.put_raw/inproc.put_raw", 0, Target.NONE));
        rows.add(new Row("derived.http_vs_inproc_get", "What HTTP keeps of the in-process read (" + big + ")", "×",
                Kind.DERIVED, "http.get/inproc.get", 0, Target.NONE));
        rows.add(new Row("peer.s3_small_put", "Peer: S3Proxy " + small + " PUTs of 4 KiB, 8 clients", "ops/s",
                Kind.CEILING, null, 0, Target.NONE));
        rows.add(new Row("peer.s3_small_get", "Peer: S3Proxy " + small + " GETs of 4 KiB, 8 clients", "ops/s",
                Kind.CEILING, null, 0, Target.NONE));
        rows.add(new Row("http.small_put", "Fluvius HTTP: " + small + " PUTs of 4 KiB, 8 clients", "ops/s",
                Kind.RATIO, "peer.s3_small_put", 0, Target.atLeast(2)));
        rows.add(new Row("http.small_get", "Fluvius HTTP: " + small + " GETs of 4 KiB, 8 clients", "ops/s",
                Kind.RATIO, "peer.s3_small_get", 0, Target.atLeast(2)));
        rows.add(new Row("inproc.small_put", "Fluvius in-process: " + small + " puts of 4 KiB, 8 threads", "ops/s",
                Kind.RATIO, "peer.s3_small_put", 0, Target.NONE));
        rows.add(new Row("inproc.small_get", "Fluvius in-process: " + small + " reads of 4 KiB, 8 threads", "ops/s",
                Kind.RATIO, "peer.s3_small_get", 0, Target.NONE));
        rows.add(new Row("derived.http_vs_inproc_small_put", "What HTTP keeps of the in-process small-file put rate",
                "×", Kind.DERIVED, "http.small_put/inproc.small_put", 0, Target.NONE));
        rows.add(new Row("derived.http_vs_inproc_small_get", "What HTTP keeps of the in-process small-file read rate",
                "×", Kind.DERIVED, "http.small_get/inproc.small_get", 0, Target.NONE));
        rows.add(new Row("memory.idle_rss", "Server RSS at idle (before each " + stream + " transfer)", "MiB",
                Kind.CEILING, null, 0, Target.NONE));
        rows.add(new Row("memory.upload_peak", "Server RSS peak during a " + stream + " upload", "MiB",
                Kind.CEILING, null, 0, Target.NONE));
        rows.add(new Row("memory.upload_growth", "Server RSS peak above idle, " + stream + " upload (budget 64 MiB)",
                "MiB", Kind.BUDGET, null, 64, Target.below(1)));
        rows.add(new Row("memory.download_growth", "Server RSS peak above idle, " + stream + " download (budget 64 MiB)",
                "MiB", Kind.BUDGET, null, 64, Target.NONE));
        rows.add(new Row("http.put_stream", "Fluvius HTTP: upload " + stream + " streamed (chunked, from a generator)",
                "MiB/s", Kind.RATIO, "ceiling.sha256_fsync", 0, Target.NONE));
        rows.add(new Row("dedup.plain_written", "Dedup: server wrote during an identical " + big
                + " upload, no digest (all its writes)", "MiB", Kind.BUDGET, null, bigMiB, Target.below(0.01)));
        rows.add(new Row("dedup.digest_written", "Dedup: the same with Content-Digest: sha-256 (all its writes)",
                "MiB", Kind.BUDGET, null, bigMiB, Target.below(0.01)));
        rows.add(new Row("dedup.plain_stored", "Dedup: growth of the blob store per identical upload", "MiB",
                Kind.BUDGET, null, bigMiB, Target.zero()));
        rows.add(new Row("list.page1_ms", "Listing, " + entries + " entries of one resource: page 1 (limit 100, HTTP)",
                "ms", Kind.CEILING, null, 0, Target.NONE));
        rows.add(new Row("list.pageN_ms", "Listing: page " + page + " (HTTP, "
                + meta.getOrDefault("list_navigation", "following Link rel=next") + ")", "ms", Kind.RATIO,
                "list.page1_ms", 0, Target.atMost(2)));
        rows.add(new Row("list.inproc_page1_ms", "Listing in-process (local view, offset): page 1", "ms",
                Kind.CEILING, null, 0, Target.NONE));
        rows.add(new Row("list.inproc_pageN_ms", "Listing in-process (local view, offset): page " + page, "ms",
                Kind.RATIO, "list.inproc_page1_ms", 0, Target.NONE));
        return rows;
    }

    public static void main(String[] args) throws IOException {
        Path run = Path.of(args[0]);
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        for (String[] f : tsv(run.resolve("samples.tsv"))) {
            samples.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Double.parseDouble(f[1]));
        }
        Map<String, String> na = new LinkedHashMap<>();
        for (String[] f : tsv(run.resolve("na.tsv"))) {
            na.putIfAbsent(f[0], f.length > 1 ? f[1] : "not measured");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (String[] f : tsv(run.resolve("meta.tsv"))) {
            meta.put(f[0], f.length > 1 ? f[1] : "");
        }

        StringBuilder md = new StringBuilder();
        StringBuilder json = new StringBuilder();
        md.append("# Fluvius Media benchmark: ").append(meta.getOrDefault("date", "?")).append("\n\n");
        md.append("`bench/run").append(meta.getOrDefault("args", "")).append("` on ")
                .append(meta.getOrDefault("machine", "?")).append("; commit `").append(meta.getOrDefault("commit", "?"))
                .append("`; ").append(meta.getOrDefault("reps", "?")).append(" repetitions per measurement")
                .append(meta.getOrDefault("mode", "").equals("quick") ? " (**quick mode: small sizes, not the issue's**)" : "")
                .append(".\n\n");
        // Phase-end load averages count the bench's own processes (the small phase alone runs 8 clients
        // against request threads that wait on fsync): only the load before it started tells of others.
        double before = Double.parseDouble(meta.getOrDefault("load_before", "0"));
        if (before > 1.0) {
            md.append(String.format(Locale.ROOT, "**The machine was not idle when this run began** (1-minute load"
                    + " average %.2f before the bench started anything, on 2 cores), so figures and ratios are noisier"
                    + " than on an idle machine.%n%n", before));
        }
        md.append("Ratios compare medians measured in this run. Throughputs are MiB/s of original bytes.\n\n");
        md.append("| measurement | unit | min | median | max | ratio | to | target | met |\n");
        md.append("|---|---|--:|--:|--:|--:|---|---|---|\n");
        json.append("{\n  \"date\": ").append(quote(meta.get("date"))).append(",\n  \"meta\": {");
        int m = 0;
        for (var e : meta.entrySet()) {
            json.append(m++ == 0 ? "\n" : ",\n").append("    ").append(quote(e.getKey())).append(": ")
                    .append(quote(e.getValue()));
        }
        json.append("\n  },\n  \"rows\": [");
        int r = 0;
        for (Row row : rows(meta)) {
            List<Double> values = samples.getOrDefault(row.id(), List.of());
            Double median = null;
            Double ratio = null;
            String to = "";
            String reason = na.get(row.id());
            if (row.kind() == Kind.DERIVED) {
                String[] parts = row.reference().split("/");
                Double a = median(samples.get(parts[0]));
                Double b = median(samples.get(parts[1]));
                if (a != null && b != null && b > 0) {
                    ratio = a / b;
                    to = parts[1];
                } else if (reason == null) {
                    reason = "needs " + parts[0] + " and " + parts[1];
                }
            } else if (!values.isEmpty()) {
                median = median(values);
                switch (row.kind()) {
                    case CEILING -> to = "";
                    case BUDGET -> {
                        ratio = median / row.budget();
                        to = fmt(row.budget()) + " " + row.unit();
                    }
                    case RATIO -> {
                        Double reference = median(samples.get(row.reference()));
                        to = row.reference();
                        if (reference != null && reference > 0) {
                            ratio = median / reference;
                        } else {
                            to += " (not measured)";
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            } else if (reason == null) {
                reason = "not measured, see the notes";
            }
            Boolean met = ratio == null ? null : row.target().met(ratio);
            String metText = met == null ? "" : met ? "yes" : "**no**" + missedBy(row.target(), ratio);
            if (median == null && row.kind() != Kind.DERIVED) {
                md.append("| ").append(row.label()).append(" | ").append(row.unit()).append(" | | n/a (")
                        .append(reason).append(") | | | | ").append(row.target().text()).append(" | |\n");
            } else {
                md.append("| ").append(row.label()).append(" | ").append(row.unit()).append(" | ")
                        .append(values.isEmpty() ? "" : fmt(min(values))).append(" | ")
                        .append(median == null ? "" : "**" + fmt(median) + "**").append(" | ")
                        .append(values.isEmpty() ? "" : fmt(max(values))).append(" | ")
                        .append(ratio == null ? (reason != null ? "n/a (" + reason + ")" : "") : fmtRatio(ratio))
                        .append(" | ").append(to).append(" | ").append(row.target().text()).append(" | ")
                        .append(metText).append(" |\n");
            }
            json.append(r++ == 0 ? "\n" : ",\n").append("    {\"id\": ").append(quote(row.id()))
                    .append(", \"label\": ").append(quote(row.label()))
                    .append(", \"unit\": ").append(quote(row.unit()))
                    .append(", \"samples\": ").append(values)
                    .append(", \"min\": ").append(values.isEmpty() ? "null" : num(min(values)))
                    .append(", \"median\": ").append(median == null ? "null" : num(median))
                    .append(", \"max\": ").append(values.isEmpty() ? "null" : num(max(values)))
                    .append(", \"ratio\": ").append(ratio == null ? "null" : num(ratio))
                    .append(", \"reference\": ").append(quote(to.isEmpty() ? null : to))
                    .append(", \"target\": ").append(quote(row.target().text().isEmpty() ? null : row.target().text()))
                    .append(", \"met\": ").append(met)
                    .append(", \"na\": ").append(quote(median == null && ratio == null ? reason : null)).append("}");
        }
        json.append("\n  ]\n}\n");

        md.append("\n");
        for (var e : meta.entrySet()) {
            if (e.getKey().startsWith("note.")) {
                md.append("- ").append(e.getValue()).append("\n");
            }
        }
        md.append("\n| phase | seconds | load average (1 min) at its end, the bench's own processes included |\n|---|--:|--:|\n");
        for (var e : meta.entrySet()) {
            if (e.getKey().startsWith("duration.")) {
                String phase = e.getKey().substring("duration.".length());
                md.append("| ").append(phase).append(" | ").append(e.getValue()).append(" | ")
                        .append(meta.getOrDefault("load." + phase, "")).append(" |\n");
            }
        }
        md.append("\nEnvironment: ").append(meta.getOrDefault("environment", "")).append("; ")
                .append(meta.getOrDefault("environment-end", "")).append(".\n");
        Files.writeString(Path.of(args[1]), md);
        Files.writeString(Path.of(args[2]), json);
    }

    private static String missedBy(Target target, double ratio) {
        if (target.sense() > 0) {
            return String.format(Locale.ROOT, " (%.0f %% short)", 100 * (1 - ratio / target.bound()));
        }
        if (target.sense() < 0 && target.bound() > 0) {
            return String.format(Locale.ROOT, " (%.1f× the bound)", ratio / target.bound());
        }
        return "";
    }

    private static List<String[]> tsv(Path file) throws IOException {
        List<String[]> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    lines.add(line.split("\t", 2));
                }
            }
        }
        return lines;
    }

    private static Double median(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    private static String fmt(double value) {
        double a = Math.abs(value);
        String pattern = a == 0 ? "%.0f" : a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    private static String fmtRatio(double ratio) {
        return String.format(Locale.ROOT, ratio >= 10 ? "%.1f" : ratio >= 0.01 || ratio == 0 ? "%.2f" : "%.4f", ratio);
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
