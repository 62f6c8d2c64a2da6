package io.fluvius.media.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.wildfly.core.launcher.CliCommandBuilder;

import io.fluvius.media.it.process.ServerProcess;

/**
 * What the WildFly management model shows of a running server, read as an administrator reads it: jboss-cli on the
 * management port (local authentication), {@code read-resource} recursive with runtime attributes, the text the CLI
 * prints. Every readable attribute of every subsystem, deployment and resource adapter is in it.
 */
final class ManagementModel {

    private ManagementModel() {
    }

    /** The whole model under {@code address} (e.g. {@code /} or {@code /subsystem=resource-adapters}). */
    static String dump(ServerProcess server, String address) throws Exception {
        Path home = server.spec().wildflyHome();
        var cli = CliCommandBuilder.of(home).addJavaOption("-Djboss.cli.config=" + home.resolve("bin/jboss-cli.xml"))
                .setConnection("127.0.0.1", server.spec().managementPort())
                .setCommands((address.equals("/") ? "" : address)
                        + ":read-resource(recursive=true, include-runtime=true, include-defaults=true)");
        var builder = new ProcessBuilder(cli.build()).redirectErrorStream(true);
        builder.environment().put("JBOSS_HOME", home.toString());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "jboss-cli ends");
        String printed = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> "jboss-cli failed: " + printed.substring(0, Math.min(2000, printed.length())));
        assertTrue(printed.contains("\"outcome\" => \"success\""), () -> "read-resource " + address + ": "
                + printed.substring(0, Math.min(2000, printed.length())));
        return printed;
    }
}
