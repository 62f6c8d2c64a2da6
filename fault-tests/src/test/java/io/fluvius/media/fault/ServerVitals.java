package io.fluvius.media.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server JVM's used heap right after a forced collection ({@code jcmd GC.run}, then {@code GC.heap_info}) and
 * its open file descriptors, read through {@link ServerResources}: what a leak would make grow.
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

    static ServerVitals measure(ServerResources server) {
        server.jcmd("GC.run");
        return new ServerVitals(usedHeapKiB(server.jcmd("GC.heap_info")), server.fileDescriptors());
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

    @Override
    public String toString() {
        return heapUsedKiB / 1024 + " MiB heap, " + openFds + " fds";
    }
}
