package io.fluvius.media.it.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jboss.shrinkwrap.api.Archive;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two nodes of one cluster, as DESIGN.md's "Runtime and scale" runs several behind a load balancer: the clustered
 * configuration ({@code standalone-media-ha.xml}: configure-cluster.cli's JGroups over TCP with a static member
 * list) at port offsets 200 and 300, one PostgreSQL database, one directory for the default filesystem
 * ({@code media.file.root}), distinct node names and transaction node ids. Started before the test class (side by
 * side, and ready only once each node sees both in its cluster view), stopped after it, failed or not:
 * <pre>
 * &#64;RegisterExtension
 * static final TwoServers cluster = new TwoServers();
 * </pre>
 * Without PostgreSQL the test class is skipped: two nodes can share no H2 database. Another suite (the fault suite)
 * names its own installation, database, port offsets and names ({@link #onInstallation}, {@link #onDatabase},
 * {@link #atPortOffsets}, {@link #named}) and may {@link #start()} and {@link #close()} the pair itself.
 */
public final class TwoServers implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration CLUSTER_FORMED = Duration.ofMinutes(1);
    /**
     * A JGroups view of two members, as a node logs it when it joins ("WFLYCLJG0033: Connected 'ee' channel. 'node2'
     * joined cluster 'ejb' with view: [node1|1] (2) [node1, node2]") or when two partitions merge (Infinispan).
     * WildFly logs the view of a node's own join only, so only the later node shows two members; JGroups installs
     * a view on every member, so one such line is enough.
     */
    private static final Pattern TWO_MEMBER_VIEW = Pattern.compile("(?i)view.*\\(2\\) \\[");

    private final List<Archive<?>> deployments = new ArrayList<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final List<ServerProcess> nodes = new ArrayList<>();
    private int[] portOffsets = {200, 300};
    private String name = "cluster";
    private Path wildflyHome;
    private TestDatabase database;
    private Path sharedFileRoot;
    private Instant readyAt;

    /** Deploys an archive on both nodes, beside media.ear. */
    public TwoServers withDeployment(Archive<?> archive) {
        deployments.add(archive);
        return this;
    }

    /** Starts both nodes with this system property (e.g. a setting of the application), as a deployment would. */
    public TwoServers withSystemProperty(String key, String value) {
        systemProperties.put(key, value);
        return this;
    }

    /** Both nodes at these port offsets instead of 200 and 300. */
    public TwoServers atPortOffsets(int first, int second) {
        portOffsets = new int[] {first, second};
        return this;
    }

    /** Names the nodes' base directories ({@code <name>-node1}, …) and the shared storage ({@code <name>-files}). */
    public TwoServers named(String prefix) {
        name = prefix;
        return this;
    }

    /** Runs both nodes from this installation instead of the failsafe execution's {@code jboss.home}. */
    public TwoServers onInstallation(Path home) {
        wildflyHome = home;
        return this;
    }

    /** Shares this database instead of the failsafe execution's ({@link TestDatabase#current()}). */
    public TwoServers onDatabase(TestDatabase shared) {
        database = shared;
        return this;
    }

    private TestDatabase database() {
        return database != null ? database : TestDatabase.current();
    }

    /** Skips the test class, saying why, unless this execution runs on a PostgreSQL database it can share. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        TestDatabase database = database();
        if (database.isShareable()) {
            return ConditionEvaluationResult.enabled("on PostgreSQL");
        }
        String reason = context.getDisplayName() + " skipped: two nodes need one shared database, PostgreSQL, so it"
                + " runs in the failsafe execution server-processes-postgresql, when MEDIA_TEST_POSTGRES_URL names a"
                + " database (see README); this execution runs on " + database.name();
        if (context.getTestMethod().isEmpty()) {
            System.out.println(reason);  // the build's output shows only the count of skipped tests
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    /** Empties the shared storage and database, starts both nodes and waits until they form one cluster. */
    public void start() throws Exception {
        TestDatabase database = database();
        if (!database.isShareable()) {
            throw new IllegalStateException("Two nodes need one shared database, PostgreSQL; not " + database);
        }
        sharedFileRoot = ServerSpec.serversDir().resolve(name + "-files");
        ServerBaseDir.deleteTree(sharedFileRoot);
        Files.createDirectories(sharedFileRoot);
        database.empty(); // fresh storage, fresh ledger

        for (ServerSpec spec : nodeSpecs(database)) {
            ServerProcess server = ServerProcess.prepare(spec);
            deployments.forEach(server::deploy);
            nodes.add(server);
        }
        for (ServerProcess node : nodes) {
            node.start();
        }
        for (ServerProcess node : nodes) {
            node.awaitReady(READY);
        }
        awaitClusterOfTwo();
        readyAt = Instant.now();
    }

    /** When both nodes had deployed media.ear and formed their cluster. */
    public Instant readyAt() {
        return readyAt;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** Stops both nodes, however the test went. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (ServerProcess node : nodes) {
            try {
                node.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void awaitClusterOfTwo() throws InterruptedException {
        long deadline = System.nanoTime() + CLUSTER_FORMED.toNanos();
        while (nodes.stream().noneMatch(node -> node.findLogLine(TWO_MEMBER_VIEW).isPresent())) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                nodes.forEach(node -> logs.append("\n---- ").append(node.spec().name()).append(":\n")
                        .append(node.logTail(40)));
                throw new IllegalStateException("No node logged a view of two members within "
                        + CLUSTER_FORMED.toSeconds() + " s of being ready (JGroups TCPPING on ports "
                        + nodes.stream().map(node -> String.valueOf(node.spec().jgroupsTcpPort())).toList() + ")"
                        + logs);
            }
            Thread.sleep(250);
        }
    }

    /** Node 1 or 2. */
    public ServerProcess node(int number) {
        return nodes.get(number - 1);
    }

    /** The base directory of both nodes for registered {@code file} filesystems ({@code media.file.base-dirs}). */
    public static Path sharedFilesystemsDir() {
        return ServerSpec.serversDir().resolve("cluster-filesystems");
    }

    /** The directory both nodes keep the default filesystem's files in. */
    public Path sharedFileRoot() {
        return sharedFileRoot;
    }

    private List<ServerSpec> nodeSpecs(TestDatabase database) {
        List<ServerSpec> specs = new ArrayList<>();
        for (int node = 1; node <= portOffsets.length; node++) {
            String nodeName = "node" + node;
            ServerSpec of = ServerSpec.of(name + "-" + nodeName, portOffsets[node - 1]);
            specs.add((wildflyHome == null ? of : of.withWildflyHome(wildflyHome))
                    .withServerConfig(System.getProperty("media.test.ha.config", "standalone-media-ha.xml"))
                    .withNodeName(nodeName)
                    .withTxNodeId(nodeName)
                    .withSystemProperties(database.datasourceProperties())
                    .withSystemProperty("media.file.root", sharedFileRoot.toString())
                    // Registered file filesystems are shared as the default one is: both nodes confine them there.
                    .withSystemProperty("media.file.base-dirs", sharedFilesystemsDir().toString())
                    .withSystemProperties(systemProperties));
        }
        // configure-cluster.cli's static member list: every node, each on its own jgroups-tcp port.
        List<ServerSpec> members = List.copyOf(specs);
        for (int member = 1; member <= members.size(); member++) {
            String prefix = "media.cluster.member" + member;
            int port = members.get(member - 1).jgroupsTcpPort();
            specs.replaceAll(spec -> spec.withSystemProperty(prefix + ".host", "127.0.0.1")
                    .withSystemProperty(prefix + ".port", String.valueOf(port)));
        }
        return specs;
    }
}
