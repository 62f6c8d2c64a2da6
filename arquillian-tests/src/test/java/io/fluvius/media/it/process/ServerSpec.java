package io.fluvius.media.it.process;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One WildFly server as a test runs it: the installation it runs from, the configuration file, a base directory of
 * its own (configuration copy, deployments, data, log), its port offset, its heap, and the system properties it
 * starts with. The {@code with…} methods return changed copies.
 *
 * @param name             names the base directory and the server in messages
 * @param wildflyHome      the WildFly installation (its modules and pristine configuration)
 * @param serverConfig     the configuration file, e.g. {@code standalone-media.xml}
 * @param baseDir          {@code -Djboss.server.base.dir}: this server's own files
 * @param portOffset       {@code -Djboss.socket.binding.port-offset}
 * @param maxHeap          {@code -Xmx}, e.g. {@code 512m}
 * @param jvmOptions       further options of the JVM, e.g. {@link #QUICK_BOOT}
 * @param systemProperties further {@code -D} options, in order
 */
public record ServerSpec(String name, Path wildflyHome, String serverConfig, Path baseDir, int portOffset,
        String maxHeap, List<String> jvmOptions, Map<String, String> systemProperties) {

    /**
     * The default JVM options: a test's server lives for seconds, and on 2 cores C2 compilation and parallel GC
     * threads compete with the boot itself. With C1 only and the serial collector, media.ear's server is ready in
     * 8.4 s instead of 14.8 s (2 cores, idle). Use {@link #withJvmOptions} to measure peak performance instead.
     */
    public static final List<String> QUICK_BOOT = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** WildFly's ports at offset 0 (standalone.xml, standalone-ha.xml). */
    private static final int HTTP_PORT = 8080;
    private static final int MANAGEMENT_PORT = 9990;
    private static final int JGROUPS_TCP_PORT = 7600;

    public ServerSpec {
        jvmOptions = List.copyOf(jvmOptions);
        systemProperties = Collections.unmodifiableMap(new LinkedHashMap<>(systemProperties));
    }

    /**
     * A server of the installation and configuration this failsafe execution names ({@code jboss.home},
     * {@code wildfly.config}), with its base directory {@code <media.test.servers.dir>/<name>}, a 512 MiB heap and
     * {@link #QUICK_BOOT}.
     */
    public static ServerSpec of(String name, int portOffset) {
        Path home = Path.of(required("jboss.home"));
        String config = System.getProperty("wildfly.config", "standalone-media.xml");
        return new ServerSpec(name, home, config, serversDir().resolve(name), portOffset, "512m", QUICK_BOOT, Map.of());
    }

    /** Where the servers of this failsafe execution keep their base directories (and other files of theirs). */
    public static Path serversDir() {
        return Path.of(System.getProperty("media.test.servers.dir", "target/servers")).toAbsolutePath();
    }

    /** The same server run from another installation (e.g. a copy configured for PostgreSQL). */
    public ServerSpec withWildflyHome(Path home) {
        return new ServerSpec(name, home, serverConfig, baseDir, portOffset, maxHeap, jvmOptions, systemProperties);
    }

    public ServerSpec withServerConfig(String config) {
        return new ServerSpec(name, wildflyHome, config, baseDir, portOffset, maxHeap, jvmOptions, systemProperties);
    }

    public ServerSpec withMaxHeap(String heap) {
        return new ServerSpec(name, wildflyHome, serverConfig, baseDir, portOffset, heap, jvmOptions, systemProperties);
    }

    public ServerSpec withJvmOptions(List<String> options) {
        return new ServerSpec(name, wildflyHome, serverConfig, baseDir, portOffset, maxHeap, options, systemProperties);
    }

    public ServerSpec withSystemProperty(String key, String value) {
        var properties = new LinkedHashMap<>(systemProperties);
        properties.put(key, value);
        return new ServerSpec(name, wildflyHome, serverConfig, baseDir, portOffset, maxHeap, jvmOptions, properties);
    }

    public ServerSpec withSystemProperties(Map<String, String> properties) {
        ServerSpec spec = this;
        for (var property : properties.entrySet()) {
            spec = spec.withSystemProperty(property.getKey(), property.getValue());
        }
        return spec;
    }

    /** {@code jboss.node.name}: a cluster's members need distinct names (JGroups, Infinispan). */
    public ServerSpec withNodeName(String nodeName) {
        return withSystemProperty("jboss.node.name", nodeName);
    }

    /** {@code jboss.tx.node.id}: nodes that share a database need distinct transaction node identifiers. */
    public ServerSpec withTxNodeId(String txNodeId) {
        return withSystemProperty("jboss.tx.node.id", txNodeId);
    }

    public int httpPort() {
        return HTTP_PORT + portOffset;
    }

    public int managementPort() {
        return MANAGEMENT_PORT + portOffset;
    }

    /** The port of the socket binding jgroups-tcp, where the other members reach this one. */
    public int jgroupsTcpPort() {
        return JGROUPS_TCP_PORT + portOffset;
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run this test through"
                    + " failsafe (mvn verify -pl arquillian-tests), which sets it");
        }
        return value;
    }
}
