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
import org.wildfly.security.auth.AuthenticationException;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaAccessDeniedException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.ejb.jobs.JobExecution;

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

    /** README "Batch jobs": MediaJobs' remote view, for the role media-admin only. */
    @Test
    void anAdministratorRunsAJobThroughTheRemoteJobsViewAndOthersAreRefused() throws Exception {
        RemoteMediaClient admin = new RemoteMediaClient(server, LocalUser.ADMIN.name, LocalUser.ADMIN.password,
                "SCRAM-SHA-256");
        // A grace period of an hour: the collection touches nothing the other tests of this server wrote.
        JobExecution started = admin.jobs(jobs -> jobs.start("orphan-gc", Map.of("grace", "PT1H")));
        JobExecution done = awaitEnd(admin, started.executionId());

        assertEquals("orphan-gc", done.jobName());
        assertEquals("COMPLETED", done.status(), done::toString);
        assertTrue(admin.jobs(jobs -> jobs.list(1000, 0)).stream()
                .anyMatch(execution -> execution.executionId() == started.executionId()), "listed");
        InvalidMediaRequestException unknown = assertThrows(InvalidMediaRequestException.class,
                () -> admin.jobs(jobs -> jobs.start("no-such-job", Map.of())));
        assertEquals("media.unknown-job", unknown.code(), unknown::getMessage);
        MediaAccessDeniedException refused = assertThrows(MediaAccessDeniedException.class,
                () -> writer.jobs(jobs -> jobs.list(10, 0)));
        assertTrue(refused.getMessage().contains("media-admin") && refused.getMessage().contains("'writer'"),
                refused.getMessage());
    }

    private static JobExecution awaitEnd(RemoteMediaClient admin, long executionId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JobExecution execution = admin.jobs(jobs -> jobs.get(executionId));
        while (execution.status().equals("STARTING") || execution.status().equals("STARTED")) {
            assertTrue(System.nanoTime() < deadline, "still running after 60 s: " + execution);
            Thread.sleep(200);
            execution = admin.jobs(jobs -> jobs.get(executionId));
        }
        return execution;
    }

    @Test
    void wrongPasswordIsRefused() {
        RemoteMediaClient guesser = new RemoteMediaClient(server, LocalUser.WRITER.name, "guess", "SCRAM-SHA-256");

        // The connection is refused, so the invocation finds no server to go to; why is in the suppressed causes.
        RequestSendFailedException refused = assertThrows(RequestSendFailedException.class,
                () -> guesser.call(media -> media.exists(UUID.randomUUID())));

        Exception why = authenticationFailureIn(refused)
                .orElseThrow(() -> new AssertionError("no authentication failure", refused));
        assertTrue(why.getMessage().contains("SCRAM-SHA-256"), why.getMessage());
    }

    /**
     * The authentication failure among a throwable's causes and suppressed exceptions, at any depth: a SASL
     * failure, or Elytron's authentication failure that names the mechanisms tried and the server's refusal of
     * each: JBoss Remoting reports one or the other (both seen in this class's runs, the second once a test of the
     * admin's jobs was added; why it varies I did not establish).
     */
    private static Optional<Exception> authenticationFailureIn(Throwable thrown) {
        if (thrown == null) {
            return Optional.empty();
        }
        if ((thrown instanceof SaslException || thrown instanceof AuthenticationException)
                && thrown.getMessage() != null && thrown.getMessage().contains("Server rejected authentication")) {
            return Optional.of((Exception) thrown);
        }
        return Stream.concat(Stream.of(thrown.getCause()), Arrays.stream(thrown.getSuppressed()))
                .map(RemoteClientIT::authenticationFailureIn).flatMap(Optional::stream).findFirst();
    }

    /** The text of {@code text} between the first {@code start} and the {@code end} after it. */
    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, "no " + start);
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }
}
