import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns one run's raw samples into {@code latest.md} and {@code latest.json}: every row's min, median and
 * max, and the ratio of its median to its ceiling, peer or budget, beside the target.
 * <p>
 * Inputs (tab-separated, written by bench/run): {@code samples.tsv} "id value", {@code na.tsv}
 * "id reason" for measurements that could not be made, {@code meta.tsv} "key value".
 * Usage: {@code Report <run-dir> <latest.md> <latest.json>}
 */
public final class Report {

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
        md.append("Ratios compare medians measured in this run. Throughputs are MiB/s of original bytes. Targets are"
                + " issue 16's (small files: at least S3Proxy's rate; the product's goal beyond it is 2×).\n\n");
        md.append("**Durability differs.** S3Proxy (filesystem backend) does not fsync: it answers a PUT once the"
                + " bytes are in the page cache, and the strace rows below count its sync calls. Fluvius answers 201"
                + " only after fdatasync of the file (and of a new file's directory) and the entry's commit; on H2"
                + " that commit is not synced, on PostgreSQL it is (fsync and synchronous_commit on), which is why"
                + " the small-file goal is judged on PostgreSQL.\n\n");
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
        for (Rows.Row row : Rows.of(meta)) {
            List<Double> values = samples.getOrDefault(row.id(), List.of());
            Double median = null;
            Double ratio = null;
            String to = "";
            String reason = na.get(row.id());
            if (row.kind() == Rows.Kind.DERIVED) {
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
                    case PLAIN -> to = "";
                    case BUDGET -> {
                        ratio = median / row.budget();
                        to = fmt(row.budget()) + " " + row.unit();
                    }
                    case RATIO -> {
                        Double reference = median(samples.get(row.reference()));
                        to = row.reference() + (row.reference().startsWith("peer.s3") ? " (" + Rows.NO_FSYNC + ")" : "");
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
            if (median == null && row.kind() != Rows.Kind.DERIVED) {
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
        json.append("\n  ],\n  \"latency\": [");
        latencies(samples, md, json);
        json.append("\n  ]\n}\n");

        md.append("\n");
        memoryRounds(samples, "", "the default server", md);
        memoryRounds(samples, "h256.", "the heap-256 MiB server", md);
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

    /**
     * The memory rows round by round: each round runs on a server started afresh, its peaks above that start's own
     * idle, so the spread of the rounds shows how much one fresh server differs from the next.
     */
    private static void memoryRounds(Map<String, List<Double>> samples, String prefix, String server, StringBuilder md) {
        String[][] rows = {{"big_upload_growth", "big upload"}, {"upload_growth", "streamed upload"},
                {"download_growth", "streamed download"}, {"small_growth", "8-client small-file load (last)"}};
        List<String> parts = new ArrayList<>();
        for (String[] row : rows) {
            List<Double> values = samples.get(prefix + "memory." + row[0]);
            if (values != null && !values.isEmpty()) {
                parts.add(row[1] + " " + values.stream().map(Report::fmt).collect(Collectors.joining(", ")) + " MiB");
            }
        }
        List<Double> idles = samples.get(prefix + "memory.fresh_idle_rss");
        if (!parts.isEmpty()) {
            md.append("- Memory on ").append(server).append(", round by round (every round on a server started afresh,"
                    + " data wiped, its peaks above its own idle after the same short warm-up")
                    .append(idles == null ? "" : "; those idles: " + idles.stream().map(Report::fmt)
                            .collect(Collectors.joining(", ")) + " MiB")
                    .append("): peak above that idle during the ").append(String.join("; ", parts)).append(".\n");
        }
    }

    private static final Pattern LATENCY = Pattern.compile("lat\\.([a-z0-9]+)\\.(put|get)\\.c(\\d+)\\.p50");
    private static final Map<String, String> LATENCY_TARGETS = Map.of(
            "s3", "S3Proxy (no fsync)",
            "h2", "Fluvius HTTP on H2",
            "pg", "Fluvius HTTP on PostgreSQL",
            "h256", "Fluvius HTTP on H2, heap 256 MiB");

    /** Per-request latency of the small-file loads: one line per target, operation and number of clients. */
    private static void latencies(Map<String, List<Double>> samples, StringBuilder md, StringBuilder json) {
        md.append("\nSmall-file request latency (4 KiB; each request timed by its client thread, send to verified"
                + " body; 8 clients: the median over the rate rows' runs of each run's percentile; 1 and 64 clients:"
                + " one run each):\n\n| target | operation | clients | p50 ms | p99 ms | runs |\n|---|---|--:|--:|--:|--:|\n");
        List<String> order = List.of("s3", "h2", "pg", "h256");
        List<Matcher> found = new ArrayList<>();
        for (String id : samples.keySet()) {
            Matcher m = LATENCY.matcher(id);
            if (m.matches()) {
                found.add(m);
            }
        }
        found.sort(Comparator.comparingInt((Matcher m) -> order.indexOf(m.group(1)))
                .thenComparing(m -> m.group(2).equals("put") ? 0 : 1)
                .thenComparingInt(m -> Integer.parseInt(m.group(3))));
        int n = 0;
        for (Matcher m : found) {
            var e = Map.entry(m.group(), samples.get(m.group()));
            String p99Id = e.getKey().substring(0, e.getKey().length() - 2) + "99";
            Double p50 = median(e.getValue());
            Double p99 = median(samples.get(p99Id));
            md.append("| ").append(LATENCY_TARGETS.getOrDefault(m.group(1), m.group(1))).append(" | ")
                    .append(m.group(2)).append(" | ").append(m.group(3)).append(" | ").append(fmt(p50)).append(" | ")
                    .append(p99 == null ? "n/a" : fmt(p99)).append(" | ").append(e.getValue().size()).append(" |\n");
            json.append(n++ == 0 ? "\n" : ",\n").append("    {\"target\": ").append(quote(m.group(1)))
                    .append(", \"op\": ").append(quote(m.group(2))).append(", \"clients\": ").append(m.group(3))
                    .append(", \"p50ms\": ").append(num(p50)).append(", \"p99ms\": ")
                    .append(p99 == null ? "null" : num(p99)).append(", \"runs\": ").append(e.getValue().size()).append("}");
        }
        if (n == 0) {
            md.append("| n/a (no small-file load ran) | | | | | |\n");
        }
    }

    private static String missedBy(Rows.Target target, double ratio) {
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
