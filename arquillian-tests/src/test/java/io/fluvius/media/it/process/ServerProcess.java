package io.fluvius.media.it.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.jboss.shrinkwrap.api.Archive;
import org.wildfly.core.launcher.StandaloneCommandBuilder;

/**
 * One WildFly server as a child process of the test: the JVM itself ({@code java -jar jboss-modules.jar -mp modules
 * org.jboss.as.standalone}, never standalone.sh), so that {@link #kill()} is a real SIGKILL of the server, as a
 * crash or the OOM killer would deliver it. It runs media.ear and whatever a test {@linkplain #deploy adds} from a
 * base directory of its own.
 * <p>
 * A test class stops its servers when it ends, failed or not ({@link #close()}); a JVM shutdown hook kills any
 * server still running when the test JVM exits, so that no server outlives the build.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final int LOG_LINES_ON_FAILURE = 80;
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "kill-leftover-servers"));
    }

    private final ServerSpec spec;
    private final ServerBaseDir files;
    private final ConsoleLog log;
    private Process process;

    private ServerProcess(ServerSpec spec) {
        this.spec = spec;
        this.files = new ServerBaseDir(spec.baseDir());
        this.log = new ConsoleLog(files.consoleLog(), spec.name());
    }

    /**
     * A server with its base directory made afresh: the installation's configuration, and the built media.ear
     * (system property {@code media.ear.file}) to deploy. Nothing runs until {@link #start()}.
     */
    public static ServerProcess prepare(ServerSpec spec) throws IOException {
        var server = new ServerProcess(spec);
        server.files.create(spec.wildflyHome(), Path.of(ServerSpec.required("media.ear.file")));
        return server;
    }

    /**
     * A server over the base directory an earlier one of the same {@link ServerSpec#baseDir} left, its data,
     * configuration and deployments kept: e.g. to start it again, once that one has exited, with other system
     * properties. Nothing runs until {@link #start()}.
     */
    public static ServerProcess reuse(ServerSpec spec) {
        return new ServerProcess(spec);
    }

    /** Adds an archive (a WAR, EAR, JAR) that the server deploys, beside media.ear, when it next starts. */
    public ServerProcess deploy(Archive<?> archive) {
        files.deploy(archive);
        return this;
    }

    /** Adds an archive file that the server deploys, under its file name, when it next starts. */
    public ServerProcess deploy(Path archive) throws IOException {
        files.deploy(archive, archive.getFileName().toString());
        return this;
    }

    /** Starts the JVM and returns at once; {@link #awaitReady} waits for the application. */
    public synchronized void start() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(spec.name() + " is running already (pid " + process.pid() + ")");
        }
        requireFree(spec.httpPort());
        requireFree(spec.managementPort());
        List<String> command = command();
        log.markStart(command);
        process = new ProcessBuilder(command)
                .directory(files.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.consoleLog().toFile()))
                .start();
        RUNNING.add(process);
    }

    /**
     * Waits until the application answers ready on the management interface (see {@link ReadinessProbe}); fails at
     * once, with the end of the log, if the server exits or a deployment fails meanwhile.
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        Process started = requireStarted();
        var probe = new ReadinessProbe(managementUri("/health/ready"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!probe.isReady()) {
            if (!started.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with status " + started.exitValue()
                        + " before it was ready. Its log ends:\n" + logTail(LOG_LINES_ON_FAILURE));
            }
            List<String> failed = files.failedDeployments();
            if (!failed.isEmpty()) {
                throw new IllegalStateException(spec.name() + ": a deployment failed: " + failed
                        + "\nIts log ends:\n" + logTail(LOG_LINES_ON_FAILURE));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(spec.name() + " is not ready after " + timeout.toSeconds()
                        + " s (/health/ready answered: " + probe.lastAnswer() + "). Its log ends:\n"
                        + logTail(LOG_LINES_ON_FAILURE));
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /** The last line printed since the server last started that {@code pattern} finds something in. */
    public Optional<String> findLogLine(Pattern pattern) {
        return log.findSinceStart(pattern);
    }

    /** Sends SIGKILL and returns at once: the process may take a moment to be gone ({@link #awaitExit}). */
    /** The server's threads and their stacks ({@code jcmd Thread.print}), or why there are none. */
    public String threadDump() {
        try {
            Process started = requireStarted();
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(started.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            dump.waitFor(30, TimeUnit.SECONDS);
            return text;
        } catch (Exception e) {
            return "no thread dump: " + e;
        }
    }

    public void sigkill() {
        requireStarted().destroyForcibly();
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        sigkill();
        awaitExit(STOP_TIMEOUT);
    }

    /** Stops the server gracefully (SIGTERM: WildFly shuts down in order); kills it if it takes too long. */
    public synchronized void stop() throws InterruptedException {
        if (!isRunning()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
        RUNNING.remove(process);
    }

    /** Stops the server (if it runs) and starts it again on the same base directory; then {@link #awaitReady}. */
    public void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    public void awaitExit(Duration timeout) throws InterruptedException {
        Process started = requireStarted();
        if (!started.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(spec.name() + " (pid " + started.pid() + ") still runs after "
                    + timeout.toSeconds() + " s");
        }
        RUNNING.remove(started);
    }

    /** Stops the server, however the test went. */
    @Override
    public void close() throws InterruptedException {
        stop();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The server JVM's process id, e.g. to read its {@code /proc/<pid>/io}. */
    public synchronized long pid() {
        return requireStarted().pid();
    }

    public ServerSpec spec() {
        return spec;
    }

    /** {@code pathAndQuery} under the HTTP API, e.g. {@code apiUri("files?limit=1")}. */
    public URI apiUri(String pathAndQuery) {
        return URI.create(webModule() + "api/" + pathAndQuery);
    }

    /** The context root of media.ear's web module, e.g. {@code http://127.0.0.1:8280/media/}. */
    public URL webModule() {
        try {
            return new URL("http://127.0.0.1:" + spec.httpPort() + "/media/");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An address of the server's HTTP listener outside media.ear, e.g. a test deployment's {@code /ctx/path}. */
    public URI serverUri(String path) {
        return URI.create("http://127.0.0.1:" + spec.httpPort() + path);
    }

    /** An address of the management interface, e.g. {@code /health/ready}. */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + spec.managementPort() + path);
    }

    public Path baseDir() {
        return files.root();
    }

    /** {@code jboss.server.data.dir}: the H2 database, the default filesystem's files, the transaction log. */
    public Path dataDir() {
        return files.data();
    }

    /** Everything the server printed, over all its starts (each begins with a {@code ====} line). */
    public Path consoleLog() {
        return log.file();
    }

    /** The last {@code lines} lines the server printed, without terminal colours. */
    public String logTail(int lines) {
        return log.tail(lines);
    }

    private List<String> command() {
        var command = StandaloneCommandBuilder.of(spec.wildflyHome())
                .setBaseDirectory(spec.baseDir())
                .setServerConfiguration(spec.serverConfig())
                .setJavaOptions("-Xms64m", "-Xmx" + spec.maxHeap(), "-Djava.net.preferIPv4Stack=true",
                        "-Djava.awt.headless=true", "-Djboss.modules.system.pkgs=org.jboss.byteman",
                        "-Djboss.socket.binding.port-offset=" + spec.portOffset());
        command.addJavaOptions(spec.jvmOptions());
        spec.systemProperties().forEach((key, value) -> command.addJavaOption("-D" + key + "=" + value));
        return command.build();
    }

    private synchronized Process requireStarted() {
        if (process == null) {
            throw new IllegalStateException(spec.name() + " was never started");
        }
        return process;
    }

    /** A server left over from an earlier run would answer the readiness probe in this one's place. */
    private void requireFree(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException free) {
            return;
        }
        throw new IllegalStateException("Port " + port + " of " + spec.name() + " is taken already: a server"
                + " left over from an earlier run? (offset " + spec.portOffset() + "; see ss -ltnp)");
    }
}
