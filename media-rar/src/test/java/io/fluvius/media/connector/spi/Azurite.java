package io.fluvius.media.connector.spi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Azurite's blob service (npm, pinned in src/test/azurite, installed by the build into {@code azurite.home}) on
 * 127.0.0.1 and a free port, with its data in a temporary directory; {@link #close} stops it and deletes that.
 * A missing installation fails the test: a skipped backend would pass CI while proving nothing.
 */
final class Azurite implements AutoCloseable {

    /** Azurite's well-known development account and its published key: not a secret. */
    static final String ACCOUNT = "devstoreaccount1";
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Process process;
    private final Path data;
    private final int port;

    private Azurite(Process process, Path data, int port) {
        this.process = process;
        this.data = data;
        this.port = port;
    }

    static Azurite start() throws IOException, InterruptedException {
        String home = System.getProperty("azurite.home", "target/azurite");
        Path executable = Path.of(home, "node_modules", ".bin", "azurite-blob");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("Azurite is not installed at " + executable + ": the build runs "
                    + "'npm ci' in target/azurite (maven-antrun-plugin, phase process-test-resources); it needs "
                    + "node and npm on the PATH");
        }
        int port = freePort();
        Path data = Files.createTempDirectory("azurite-");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--blobHost", "127.0.0.1",
                "--blobPort", Integer.toString(port), "--location", data.toString(), "--silent",
                "--skipApiVersionCheck", "--disableTelemetry"));
        if (Boolean.getBoolean("azurite.debug")) {
            // Azurite's own log of every request, with the string it expected signed: -Dazurite.debug=true
            command.addAll(List.of("--debug", Path.of(home, "azurite-debug.log").toAbsolutePath().toString()));
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Path.of(home, "azurite.log").toFile())
                .start();
        Azurite azurite = new Azurite(process, data, port);
        long until = System.nanoTime() + STARTUP.toNanos();
        while (!azurite.answers()) {
            if (!process.isAlive() || System.nanoTime() > until) {
                azurite.close();
                throw new IllegalStateException("Azurite did not start on 127.0.0.1:" + port + " within " + STARTUP
                        + "; see " + Path.of(home, "azurite.log").toAbsolutePath());
            }
            Thread.sleep(100);
        }
        return azurite;
    }

    /** The endpoint to give a filesystem: Azurite takes the account in the path. */
    String endpoint() {
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // Only the process this class started (and its children: npm's shim may run node as a child).
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> paths = Files.walk(data)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
