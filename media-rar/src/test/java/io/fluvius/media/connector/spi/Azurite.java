package io.fluvius.media.connector.spi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Azurite's blob service (npm, pinned in src/test/azurite, installed by the build into {@code azurite.home}) on
 * 127.0.0.1 and a free port, with its data in a temporary directory; {@link #close} stops it and deletes that.
 * A missing installation fails the test: a skipped backend would pass CI while proving nothing.
 */
public final class Azurite implements AutoCloseable {

    /** Azurite's well-known development account and its published key: not a secret. */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Path home;
    private final Path data;
    private final int port;
    private Process process;

    private Azurite(Path home, Path data, int port) {
        this.home = home;
        this.data = data;
        this.port = port;
    }

    public static Azurite start() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("azurite.home", "target/azurite"));
        Azurite azurite = new Azurite(home, Files.createTempDirectory("azurite-"), freePort());
        azurite.run();
        return azurite;
    }

    /** Starts Azurite again on the same port and data, after {@link #stop}. */
    public void run() throws IOException, InterruptedException {
        Path executable = home.resolve("node_modules/.bin/azurite-blob");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("Azurite is not installed at " + executable + ": the build runs "
                    + "'npm ci' in target/azurite (maven-antrun-plugin, phase process-test-resources); it needs "
                    + "node and npm on the PATH");
        }
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--blobHost", "127.0.0.1",
                "--blobPort", Integer.toString(port), "--location", data.toString(), "--silent",
                "--skipApiVersionCheck", "--disableTelemetry"));
        if (Boolean.getBoolean("azurite.debug")) {
            // Azurite's own log of every request, with the string it expected signed: -Dazurite.debug=true
            command.addAll(List.of("--debug", home.resolve("azurite-debug.log").toAbsolutePath().toString()));
        }
        Path log = home.resolve("azurite.log");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long until = System.nanoTime() + STARTUP.toNanos();
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > until) {
                stop();
                throw new IllegalStateException("Azurite did not start on 127.0.0.1:" + port + " within " + STARTUP
                        + "; see " + log.toAbsolutePath());
            }
            Thread.sleep(100);
        }
    }

    /** The endpoint to give a filesystem: Azurite takes the account in the path. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops the process this class started (and its children), keeping the data. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        process = null;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        try (Stream<Path> paths = Files.walk(data)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
