package io.fluvius.media.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server JVM's used heap right after a forced collection ({@code jcmd GC.run}, then {@code GC.heap_info}) and
 * its open file descriptors ({@code /proc/<pid>/fd}): what a leak would make grow.
 *
 * @param heapUsedKiB the sum of the used sizes of the heap's generations or regions, in KiB
 * @param openFds     the entries of {@code /proc/<pid>/fd}
 */
record ServerVitals(long heapUsedKiB, int openFds) {

    /**
     * Lines of {@code GC.heap_info} that state a part of the heap: {@code def new generation total 19648K, used
     * 1234K [...]}, {@code tenured generation …}, {@code garbage-first heap total …, used …}, {@code PSYoungGen …}.
     * Metaspace and class space lines say {@code used} without {@code total}, so they do not match.
     */
    private static final Pattern HEAP_PART = Pattern.compile("total\\s+(\\d+)([KMG]),\\s+used\\s+(\\d+)([KMG])");

    static ServerVitals measure(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String heapInfo = jcmd(pid, "GC.heap_info");
        return new ServerVitals(usedHeapKiB(heapInfo), openFds(pid));
    }

    static long usedHeapKiB(String heapInfo) {
        long used = 0;
        int parts = 0;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher part = HEAP_PART.matcher(line);
            if (part.find()) {
                used += kib(Long.parseLong(part.group(3)), part.group(4));
                parts++;
            }
        }
        if (parts == 0) {
            throw new IllegalStateException("no heap sizes in jcmd GC.heap_info:\n" + heapInfo);
        }
        return used;
    }

    private static long kib(long value, String unit) {
        return switch (unit) {
            case "M" -> value * 1024;
            case "G" -> value * 1024 * 1024;
            default -> value;
        };
    }

    static int openFds(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        }
    }

    /**
     * What the open descriptors are, counted by kind: {@code socket}, {@code pipe}, {@code anon_inode:…}, or the
     * directory of an open file; to say what stayed open when the count does not settle.
     */
    static Map<String, Long> openFdKinds(long pid) throws IOException {
        var kinds = new TreeMap<String, Long>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closed) {
                    continue;
                }
                String kind = target.startsWith("socket:") ? "socket" : target.startsWith("pipe:") ? "pipe"
                        : target.startsWith("anon_inode:") ? target
                        : Path.of(target).getParent() == null ? target : Path.of(target).getParent().toString();
                kinds.merge(kind, 1L, Long::sum);
            }
        }
        return kinds;
    }

    /** The TCP connections to and from a port, counted by state ({@code ss}), or why there is no count. */
    static String connectionStates(int port) {
        try {
            Process ss = new ProcessBuilder("ss", "-tan", "( sport = :" + port + " or dport = :" + port + " )")
                    .redirectErrorStream(true).start();
            var states = new TreeMap<String, Long>();
            new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .map(line -> line.split("\\s+")[0]).forEach(state -> states.merge(state, 1L, Long::sum));
            ss.waitFor(10, TimeUnit.SECONDS);
            return states.toString();
        } catch (IOException | InterruptedException e) {
            return "no ss: " + e;
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + output);
        }
        return output;
    }

    @Override
    public String toString() {
        return heapUsedKiB / 1024 + " MiB heap, " + openFds + " fds";
    }
}
