package io.fluvius.media.connector.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.fluvius.media.connector.FilesystemSpec;

/**
 * A real S3 server for the tests: S3Proxy (its jar-with-dependencies, copied by the build to the path in
 * system property {@code s3proxy.jar}) as a separate process on 127.0.0.1, AWS signature v4 only, storing
 * in a local directory (jclouds' filesystem provider), so that what it holds outlives a restart. Its
 * log is {@code s3proxy.log} in that directory.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String IDENTITY = "test-identity";
    public static final String CREDENTIAL = "test-credential-9f3b2c";

    private static final long START_TIMEOUT_MILLIS = 60_000;
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer shared;

    private final Path directory;
    private final int port;
    private final String identity;
    private final String credential;
    private Process process;

    private S3ProxyServer(Path directory, int port, String identity, String credential) {
        this.directory = directory;
        this.port = port;
        this.identity = identity;
        this.credential = credential;
    }

    /** One server for every test class that needs no outage, stopped when the test JVM exits. */
    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            try {
                shared = start(Files.createTempDirectory("s3proxy-shared"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** Starts a server of its own on a free port, storing under {@code directory}. */
    public static S3ProxyServer start(Path directory) {
        return start(directory, IDENTITY, CREDENTIAL);
    }

    /** Starts a server of its own that accepts only these credentials (e.g. random ones a test looks for later). */
    public static S3ProxyServer start(Path directory, String identity, String credential) {
        S3ProxyServer server = new S3ProxyServer(directory, freePort(), identity, credential);
        server.start();
        return server;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A spec of protocol s3 on a bucket no other call has named, with the server's credentials. */
    public FilesystemSpec spec(String fsKey, Map<String, String> extra) {
        var params = new java.util.HashMap<>(Map.of("endpoint", endpoint(), "bucket", freshBucket(), "key",
                identity, "secret", credential, "pathStyle", "true"));
        params.putAll(extra);
        return new FilesystemSpec(fsKey, "s3", params);
    }

    public static String freshBucket() {
        return "test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy's jar is not at system property s3proxy.jar (" + jar
                    + "); the build copies it there (maven-dependency-plugin, execution s3proxy)");
        }
        try {
            Path data = Files.createDirectories(directory.resolve("data"));
            Path properties = directory.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=" + endpoint(),
                    "s3proxy.authorization=aws-v4",
                    "s3proxy.identity=" + identity,
                    "s3proxy.credential=" + credential,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data), StandardCharsets.UTF_8);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            process = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", jar, "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("s3proxy.log").toFile()))
                    .start();
            awaitListening();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() throws IOException {
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < giveUp) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + "; see "
                        + directory.resolve("s3proxy.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for S3Proxy", e);
                }
            }
        }
        stop();
        throw new IllegalStateException("S3Proxy did not listen on port " + port + " within "
                + START_TIMEOUT_MILLIS + " ms; see " + directory.resolve("s3proxy.log"));
    }

    /** Kills the process (the one this object started, nothing else) and waits for it to be gone. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Freezes (SIGSTOP) or thaws (SIGCONT) the process this object started: while frozen, the kernel still
     * accepts connections on its port but nothing answers, as with a hung server or a black-holed route.
     */
    public synchronized void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
