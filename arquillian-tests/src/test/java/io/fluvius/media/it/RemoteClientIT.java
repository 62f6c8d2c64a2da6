package io.fluvius.media.it;

import static io.fluvius.media.it.MediaApi.randomBytes;
import static io.fluvius.media.it.MediaApi.sha256Hex;
import static io.fluvius.media.it.MediaApi.uniqueResource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.security.sasl.SaslException;

import org.jboss.ejb.client.RequestSendFailedException;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fluvius.media.core.MediaAccessDeniedException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.PutOptions;

/**
 * MediaService's remote view from another JVM, the way an application outside the server calls it: WildFly's
 * EJB client over HTTP Upgrade on the HTTP port (remote+http), authenticated as the media realm's users
 * (configure-security_remoting.cli), with the roles they have over HTTP.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RemoteClientIT {

    @ArquillianResource
    URL webModule;

    private URI server;
    private RemoteMediaClient writer;
    private RemoteMediaClient reader;

    @Deployment(testable = false)
    static EnterpriseArchive mediaEar() {
        return MediaApi.mediaEar();
    }

    @BeforeEach
    void connect() {
        // The HTTP port of the server under test (arquillian.xml: offset 100), where remoting is upgraded to.
        server = URI.create("remote+http://" + webModule.getHost() + ":" + webModule.getPort());
        writer = new RemoteMediaClient(server, LocalUser.WRITER.name, LocalUser.WRITER.password, "SCRAM-SHA-256");
        reader = new RemoteMediaClient(server, LocalUser.READER.name, LocalUser.READER.password, "SCRAM-SHA-256");
    }

    @Test
    void writerPutsAFileAndReadsItBack() throws Exception {
        byte[] content = randomBytes(100_000, 41);

        MediaEntry entry = writer.call(media -> media.put(content, PutOptions.named("remote.bin")
                .withResource(uniqueResource("remote-put"), "r1").withMetadata(Map.of("origin", "remote"))));
        byte[] read = writer.call(media -> media.get(entry.getId()));
        MediaEntry described = writer.call(media -> media.getMetadata(entry.getId()));

        assertEquals(sha256Hex(content), entry.getFilehash());
        assertEquals(content.length, entry.getLength());
        assertArrayEquals(content, read);
        assertEquals(entry.getFilehash(), described.getFilehash());
        assertEquals(Map.of("origin", "remote"), described.getMetadata());
    }

    @Test
    void readerGetsButCannotPut() throws Exception {
        byte[] content = randomBytes(10_000, 42);
        String resource = uniqueResource("remote-reader");
        MediaEntry stored = writer.call(media -> media.put(content,
                PutOptions.named("shared.bin").withResource(resource, "r1")));

        MediaAccessDeniedException refused = assertThrows(MediaAccessDeniedException.class,
                () -> reader.call(media -> media.put(content,
                        PutOptions.named("mine.bin").withResource(resource, "r2"))));
        byte[] read = reader.call(media -> media.get(stored.getId()));

        // RoleGuard's refusal, naming the caller the remoting connector authenticated: the realm's reader.
        assertTrue(refused.getMessage().contains("media-writer") && refused.getMessage().contains("'reader'"),
                refused.getMessage());
        assertArrayEquals(content, read);
        assertEquals(1, reader.call(media -> media.listFiles(resource, null, 10, 0)).size(),
                "the refused put left no entry");
    }

    @Test
    void clientsOfWildFlysDefaultMechanismAuthenticateToo() throws Exception {
        RemoteMediaClient digestReader = new RemoteMediaClient(server, LocalUser.READER.name, LocalUser.READER.password,
                "DIGEST-MD5");
        byte[] content = randomBytes(1_000, 43);
        MediaEntry stored = writer.call(media -> media.put(content, PutOptions.named("digest.bin")));

        assertArrayEquals(content, digestReader.call(media -> media.get(stored.getId())));
    }

    /** README "Remote EJB clients": its wildfly-config.xml and its code, in a JVM of their own. */
    @Test
    void theReadmesClientPutsAndGetsAsItsConfigurationSays() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String source = Files.readString(
                Path.of("src", "test", "java", "io", "fluvius", "media", "it", "ReadmeRemoteClient.java"));
        String code = between(source, "// README: from here\n", "        // README: to here")
                .replaceAll("(?m)^ {8}", "");
        assertTrue(readme.contains(code), "README shows ReadmeRemoteClient's code:\n" + code);
        String configuration = between(readme, "<!-- remote-client-config -->\n```xml\n", "```")
                .replace("remote+http://localhost:8080", server.toString());
        Path work = Files.createDirectories(Path.of("target", "readme-remote-client"));
        Path config = Files.writeString(work.resolve("wildfly-config.xml"), configuration);
        byte[] content = randomBytes(5_000, 44);
        Path file = Files.write(work.resolve("content.bin"), content);
        Path output = work.resolve("output.txt");

        Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dwildfly.config.url=" + config.toUri(),
                ReadmeRemoteClient.class.getName(), file.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = client.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            client.destroyForcibly();
        }

        String printed = Files.readString(output);
        assertTrue(ended, "the client ran for over 60 s:\n" + printed);
        assertEquals(0, client.exitValue(), printed);
        assertTrue(printed.contains(" " + sha256Hex(content) + "\nread " + sha256Hex(content)), printed);
    }

    @Test
    void wrongPasswordIsRefused() {
        RemoteMediaClient guesser = new RemoteMediaClient(server, LocalUser.WRITER.name, "guess", "SCRAM-SHA-256");

        // The connection is refused, so the invocation finds no server to go to; why is in the suppressed causes.
        RequestSendFailedException refused = assertThrows(RequestSendFailedException.class,
                () -> guesser.call(media -> media.exists(UUID.randomUUID())));

        SaslException why = saslFailureIn(refused).orElseThrow(() -> new AssertionError("no SASL failure", refused));
        assertTrue(why.getMessage().contains("SCRAM-SHA-256: Server rejected authentication"), why.getMessage());
    }

    /** The authentication failure among a throwable's causes and suppressed exceptions, at any depth. */
    private static Optional<SaslException> saslFailureIn(Throwable thrown) {
        if (thrown == null) {
            return Optional.empty();
        }
        if (thrown instanceof SaslException sasl) {
            return Optional.of(sasl);
        }
        return Stream.concat(Stream.of(thrown.getCause()), Arrays.stream(thrown.getSuppressed()))
                .map(RemoteClientIT::saslFailureIn).flatMap(Optional::stream).findFirst();
    }

    /** The text of {@code text} between the first {@code start} and the {@code end} after it. */
    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, "no " + start);
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }
}
