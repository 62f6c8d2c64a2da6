import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording: for CPU samples (jdk.ExecutionSample, threads running Java) and for samples
 * of threads waiting in native code under our code (jdk.NativeMethodSample: socket reads, file writes,
 * fsync), the hottest frames, the hottest methods of our code (io.fluvius, anywhere on the stack) and
 * each hot frame with the nearest caller of ours. With a filter, only samples whose stack has a frame
 * containing it (e.g. {@code VerifyingInputStream} for downloads). Note that JFR drops samples it cannot
 * walk, such as threads inside intrinsic stubs (SHA-256), so digest time is under-reported.
 * Usage: {@code JfrTop <recording.jfr> [top] [filter]}
 */
public final class JfrTop {

    public static void main(String[] args) throws IOException {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String filter = args.length > 2 ? args[2] : "io.fluvius.";
        summarise(Path.of(args[0]), "jdk.ExecutionSample", "CPU samples (threads running Java)",
                args.length > 2 ? filter : null, top);
        summarise(Path.of(args[0]), "jdk.NativeMethodSample",
                "Native samples of threads inside " + filter + " (waiting on I/O, fsync, locks in native)", filter, top);
    }

    private static void summarise(Path recording, String eventType, String title, String filter, int top)
            throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Integer> ourEntry = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals(eventType) || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty() || filter != null && frames.stream().noneMatch(f -> name(f).contains(filter))) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            java.util.Set<String> seen = new java.util.HashSet<>();
            String firstOurs = null;
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (name.startsWith("io.fluvius.")) {
                    if (seen.add(name)) {
                        ours.merge(name, 1, Integer::sum);
                    }
                    if (firstOurs == null) {
                        firstOurs = name;
                    }
                }
            }
            ourEntry.merge(name(frames.get(0)) + "  <-  " + (firstOurs == null ? "(not under our code)" : firstOurs),
                    1, Integer::sum);
        }
        System.out.println("== " + title + ": " + samples);
        print("Hottest frames (self)", self, samples, top);
        print("Our methods on the stack (inclusive)", ours, samples, top);
        print("Hot frame <- nearest caller of ours", ourEntry, samples, top);
        System.out.println();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println();
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
}
