import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a process's resident set (VmRSS of /proc/&lt;pid&gt;/status) every 100 ms, one line
 * "epoch-millis KiB" per sample, until it is terminated. Usage: {@code RssSampler <pid> <out-file>}
 */
public final class RssSampler {

    public static void main(String[] args) throws IOException {
        Path status = Path.of("/proc", args[0], "status");
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1])), true);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(() -> {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        out.println(System.currentTimeMillis() + " " + line.replaceAll("\\D+", ""));
                    }
                }
            } catch (IOException e) {
                System.exit(1); // the process is gone
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }
}
