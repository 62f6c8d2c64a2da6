package io.fluvius.media.it.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.wildfly.core.launcher.CliCommandBuilder;

import io.fluvius.media.connector.spi.S3ProxyServer;

/**
 * A server's default filesystem on S3Proxy, defined the way an operator does it (README "S3 as the default
 * filesystem"): an Elytron credential store and expression resolver, the secret turned into an encrypted expression,
 * and a connection definition {@code s3} of the resource adapter whose {@code credential} is that expression, done
 * offline on the server's own copy of the configuration before it starts; the clear secret is only on the command
 * line of the one CLI call that encrypts it. Also runs jboss-cli against the server once it runs.
 */
final class S3DefaultFilesystem {

    private S3DefaultFilesystem() {
    }

    /**
     * Defines connection definition {@code s3} on {@code bucket} of {@code s3}, with these further parameters
     * ({@code name=value;…}); the server still needs {@code -Dmedia.default-filesystem=s3} to make it the default.
     */
    static void define(ServerProcess server, S3ProxyServer s3, String bucket, String params) throws Exception {
        String encrypted = embeddedCli(server,
                "/subsystem=elytron/secret-key-credential-store=media-expressions:add(path=media-expressions.cs,"
                        + " relative-to=jboss.server.config.dir, create=true, populate=true)",
                "/subsystem=elytron/expression=encryption:add(resolvers=[{name=media,"
                        + " credential-store=media-expressions, secret-key=key}])",
                "/subsystem=elytron/expression=encryption:create-expression(resolver=media, clear-text="
                        + S3ProxyServer.CREDENTIAL + ")");
        Matcher expression = Pattern.compile("\\$\\{ENC::media:[A-Za-z0-9+/=]+}").matcher(encrypted);
        assertTrue(expression.find(), "create-expression answered: " + hidden(encrypted));
        String definition = "/subsystem=resource-adapters/resource-adapter=media/connection-definitions=s3";
        embeddedCli(server,
                definition + ":add(class-name=io.fluvius.media.connector.spi.MediaManagedConnectionFactory,"
                        + " jndi-name=java:/eis/media/s3)",
                definition + "/config-properties=fsKey:add(value=s3)",
                definition + "/config-properties=protocol:add(value=s3)",
                definition + "/config-properties=endpoint:add(value=\"" + s3.endpoint() + "\")",
                definition + "/config-properties=bucket:add(value=" + bucket + ")",
                definition + "/config-properties=identity:add(value=" + S3ProxyServer.IDENTITY + ")",
                definition + "/config-properties=credential:add(value=\"" + expression.group() + "\")",
                definition + "/config-properties=params:add(value=\"" + params + "\")");
    }

    /** Runs commands on the running server, through its management port (local authentication, as jboss-cli). */
    static String cli(ServerProcess server, String... commands) throws Exception {
        return run(server, cliOf(server).setConnection("127.0.0.1", server.spec().managementPort()).setCommands(commands));
    }

    /** Runs commands on the server's configuration with the CLI's embedded server; what the CLI printed. */
    private static String embeddedCli(ServerProcess server, String... commands) throws Exception {
        List<String> all = new ArrayList<>();
        all.add("embed-server --server-config=" + server.spec().serverConfig() + " --std-out=discard");
        all.addAll(List.of(commands));
        all.add("stop-embedded-server");
        return run(server, cliOf(server).addJavaOption("-Djboss.server.base.dir=" + server.baseDir()).setCommands(all));
    }

    private static CliCommandBuilder cliOf(ServerProcess server) {
        Path home = server.spec().wildflyHome();
        return CliCommandBuilder.of(home).addJavaOption("-Djboss.cli.config=" + home.resolve("bin/jboss-cli.xml"));
    }

    private static String run(ServerProcess server, CliCommandBuilder command) throws Exception {
        var builder = new ProcessBuilder(command.build()).redirectErrorStream(true);
        builder.environment().put("JBOSS_HOME", server.spec().wildflyHome().toString());
        Process cli = builder.start();
        byte[] output = cli.getInputStream().readAllBytes();
        assertTrue(cli.waitFor(2, TimeUnit.MINUTES), "the CLI ends");
        String printed = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, cli.exitValue(), () -> "the CLI failed: " + hidden(printed));
        return printed;
    }

    private static String hidden(String text) {
        return text.replace(S3ProxyServer.CREDENTIAL, "***");
    }
}
