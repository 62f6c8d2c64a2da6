package io.fluvius.media.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The local PostgreSQL cluster that {@code MEDIA_TEST_POSTGRES_URL} points at, as .ci/run runs it: Debian's
 * {@code pg_ctlcluster} on cluster {@code 15 main} (system property {@code fault.pg.cluster}, e.g. {@code 16 main}).
 * Stopping it needs the rights of root or of its owner, which CI has. The cluster is shared with every other user of
 * the database: whoever stops it starts it again in a {@code finally}.
 */
final class PostgresCluster {

    private final List<String> cluster;

    private PostgresCluster(List<String> cluster) {
        this.cluster = cluster;
    }

    /** The cluster, or the test skipped when there is no {@code pg_ctlcluster} or the database is not local. */
    static PostgresCluster local() {
        String url = System.getenv("MEDIA_TEST_POSTGRES_URL");
        Assumptions.assumeTrue(url != null && (url.contains("//127.0.0.1") || url.contains("//localhost")),
                "PostgreSQL outage skipped: MEDIA_TEST_POSTGRES_URL is not a local database this test can stop");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster")),
                "PostgreSQL outage skipped: no pg_ctlcluster to stop and start the database with");
        return new PostgresCluster(List.of(System.getProperty("fault.pg.cluster", "15 main").trim().split("\\s+")));
    }

    /** A stop as a power cut would do it: {@code -m immediate}, no checkpoint, every session cut. */
    void stopImmediately() throws IOException, InterruptedException {
        run("stop", "-m", "immediate");
    }

    /** Starts the cluster unless it runs, and waits until it accepts connections. */
    void start() throws IOException, InterruptedException {
        if (!isRunning()) {
            run("start");
        }
    }

    boolean isRunning() throws IOException, InterruptedException {
        return exec("status") == 0;
    }

    private void run(String action, String... options) throws IOException, InterruptedException {
        int status = exec(action, options);
        if (status != 0) {
            throw new IllegalStateException("pg_ctlcluster " + String.join(" ", cluster) + " " + action + " exited with "
                    + status);
        }
    }

    private int exec(String action, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster"));
        command.addAll(cluster);
        command.add(action);
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " still runs after 2 minutes: " + printed);
        }
        if (process.exitValue() != 0 && !action.equals("status")) {
            System.out.println("[postgres] " + command + ": " + printed.strip());
        }
        return process.exitValue();
    }
}
