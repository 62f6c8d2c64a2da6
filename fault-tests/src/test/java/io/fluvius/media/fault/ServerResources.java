package io.fluvius.media.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a server process holds, read from {@code /proc} and {@code jcmd}: to tell a leak from a pool. */
final class ServerResources {

    private final long pid;

    ServerResources(long pid) {
        this.pid = pid;
    }

    /** Open file descriptors (files, sockets, pipes). */
    int fileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the file descriptors point at, counted by kind: a path, or {@code socket}, {@code pipe},
     * {@code anon_inode:[eventpoll]}… (an inode number dropped), to say what a leak is made of.
     */
    Map<String, Integer> fileDescriptorTargets() {
        Map<String, Integer> targets = new TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString().replaceAll(":\\[\\d+\\]$", "");
                    targets.merge(target, 1, Integer::sum);
                } catch (IOException closedMeanwhile) {
                    // gone between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return targets;
    }

    /** The kinds whose counts differ between two {@link #fileDescriptorTargets()}, as "kind: before → after". */
    static String difference(Map<String, Integer> before, Map<String, Integer> after) {
        Set<String> kinds = new TreeSet<>(before.keySet());
        kinds.addAll(after.keySet());
        var changes = new StringBuilder();
        for (String kind : kinds) {
            int was = before.getOrDefault(kind, 0);
            int is = after.getOrDefault(kind, 0);
            if (was != is) {
                changes.append(kind).append(": ").append(was).append(" -> ").append(is).append("; ");
            }
        }
        return changes.toString();
    }

    /** Live threads of the JVM. */
    int threads() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("Threads:")).mapToInt(l -> Integer.parseInt(l.substring(8).strip()))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM's thread dump ({@code jcmd Thread.print}). */
    String threadDump() {
        return jcmd("Thread.print");
    }

    /** How many threads' stacks pass through a frame whose text contains {@code frame}. */
    int threadsIn(String frame) {
        int count = 0;
        for (String stack : threadDump().split("\n\n")) {
            if (stack.contains(frame)) {
                count++;
            }
        }
        return count;
    }

    /**
     * The live objects' bytes by class ({@code jcmd GC.class_histogram}, which collects first): the rows of
     * {@code "  1:   12345   678900  java.lang.String (java.base@17)"} as class name to bytes.
     */
    Map<String, Long> classHistogram() {
        Map<String, Long> bytes = new HashMap<>();
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            String[] row = line.strip().split("\\s+");
            if (row.length >= 4 && row[0].endsWith(":") && row[0].length() > 1) {
                bytes.merge(row[3], Long.parseLong(row[2]), Long::sum);
            }
        }
        return bytes;
    }

    /** The {@code most} classes whose live bytes grew most between two {@link #classHistogram()}s, in KiB. */
    static String growth(Map<String, Long> before, Map<String, Long> after, int most) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(most)
                .map(e -> e.getKey() + " +" + e.getValue() / 1024 + " KiB").collect(Collectors.joining(", "));
    }

    String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
