package io.fluvius.media.it;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTPS with the certificate the build generated for the test server (configure-tls.cli, media-tls.pem), and the
 * production switch media.tls.required: on, plain HTTP is refused before any credential is looked at; HTTPS serves.
 * The switch is a system property set through the management API and removed after each test: the application
 * reads the key at every request, so no second server is needed.
 */
class TlsIT extends HttpApiTest {

    /** The https socket binding is 8443 at offset 0, the http one 8080: same offset, same distance. */
    private static final int HTTPS_MINUS_HTTP = 8443 - 8080;
    private static final ModelNode TLS_REQUIRED = Operations.createAddress("system-property", "media.tls.required");

    @ArquillianResource
    ManagementClient management;

    @AfterEach
    void switchOff() throws IOException {
        ModelNode outcome = management.getControllerClient().execute(Operations.createReadResourceOperation(TLS_REQUIRED));
        if (Operations.isSuccessfulOutcome(outcome)) {
            execute(Operations.createRemoveOperation(TLS_REQUIRED));
        }
    }

    @Test
    void readerListsFilesOverHttpsTrustingOnlyTheGeneratedCertificate() throws Exception {
        HttpResponse<String> listed = overHttps().send(
                MediaApi.as(LocalUser.READER, HttpRequest.newBuilder(https("files?limit=1"))).GET().build(),
                BodyHandlers.ofString());

        assertEquals(200, listed.statusCode(), listed::body);
        assertTrue(json(listed).containsKey("items"), listed::body);
        X509Certificate presented = (X509Certificate) listed.sslSession().orElseThrow().getPeerCertificates()[0];
        assertEquals(generatedCertificate(), presented, "the server presents the build's certificate");
    }

    @Test
    void curlWithTheGeneratedCertificateReachesTheApi() throws Exception {
        assumeTrue(curlIsInstalled(), "curl is not on this machine: the curl --cacert check is skipped (the same check"
                + " from Java: readerListsFilesOverHttpsTrustingOnlyTheGeneratedCertificate)");
        String url = https("files?limit=1").toString();
        String reader = LocalUser.READER.name + ":" + LocalUser.READER.password;

        Curl trusted = curl("--cacert", pem().toString(), "-u", reader, url);
        Curl untrusted = curl("-u", reader, url);

        assertEquals(0, trusted.exitCode(), trusted::output);
        assertTrue(trusted.output().endsWith("\n200"), trusted::output);
        assertTrue(trusted.output().contains("\"items\""), trusted::output);
        assertEquals(60, untrusted.exitCode(), () -> "without --cacert curl must not trust it (60: peer certificate"
                + " cannot be authenticated): " + untrusted.output());
    }

    @Test
    void withHttpsRequiredBasicOverPlainHttpIsRefused() throws Exception {
        requireHttps();

        HttpResponse<String> refused = api.get(LocalUser.READER, "files?limit=1");

        assertTlsRequired(refused);
        assertTrue(refused.headers().firstValue("WWW-Authenticate").isEmpty(), "no BASIC challenge over plain HTTP");
    }

    @Test
    void withHttpsRequiredCredentialsOverPlainHttpAreNeverChecked() throws Exception {
        requireHttps();
        String wrong = "Basic " + Base64.getEncoder().encodeToString("writer:guess".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> wrongPassword = api.send(HttpRequest.newBuilder(api.api("files")).header("Authorization", wrong));
        HttpResponse<String> anonymous = api.get(null, "files");
        HttpResponse<String> upload = api.uploadRaw(LocalUser.WRITER, "filename=plain.bin", "application/octet-stream",
                new byte[16]);

        // A wrong password gets the answer a right one gets: over plain HTTP nothing is learnt by guessing.
        assertTlsRequired(wrongPassword);
        assertTlsRequired(anonymous);
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").isEmpty(), "an anonymous caller is not invited to"
                + " send a password in clear");
        assertTlsRequired(upload);
    }

    @Test
    void withHttpsRequiredHttpsServesAndStillAuthenticates() throws Exception {
        requireHttps();
        HttpClient client = overHttps();

        HttpResponse<String> listed = client.send(
                MediaApi.as(LocalUser.READER, HttpRequest.newBuilder(https("files?limit=1"))).GET().build(),
                BodyHandlers.ofString());
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(https("files")).GET().build(),
                BodyHandlers.ofString());

        assertEquals(200, listed.statusCode(), listed::body);
        assertTrue(json(listed).containsKey("items"), listed::body);
        assertProblem(anonymous, 401, "http.unauthorized");
    }

    @Test
    void switchedOffAgainPlainHttpIsServed() throws Exception {
        requireHttps();
        assertTlsRequired(api.get(LocalUser.READER, "files?limit=1"));

        switchOff();

        assertEquals(200, api.get(LocalUser.READER, "files?limit=1").statusCode());
    }

    /** media.tls.required=true on the running server: a system property, which MicroProfile Config reads first. */
    private void requireHttps() throws IOException {
        ModelNode add = Operations.createAddOperation(TLS_REQUIRED);
        add.get("value").set("true");
        execute(add);
    }

    private void execute(ModelNode operation) throws IOException {
        ModelNode outcome = management.getControllerClient().execute(operation);
        assertTrue(Operations.isSuccessfulOutcome(outcome), () -> Operations.getFailureDescription(outcome).asString());
    }

    /** The API on the https listener of the test server, by the name its certificate is for. */
    private URI https(String pathAndQuery) {
        return URI.create("https://localhost:" + (webModule.getPort() + HTTPS_MINUS_HTTP) + "/media/api/" + pathAndQuery);
    }

    /** A client that trusts the generated certificate and nothing else (no JDK CA), hostnames verified. */
    private static HttpClient overHttps() throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("media-tls", generatedCertificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    private static X509Certificate generatedCertificate() throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** Where the build exported the test server's certificate (root pom.xml, wildfly-configure). */
    private static Path pem() {
        return Path.of(System.getProperty("jboss.home"), "standalone", "configuration", "media-tls.pem");
    }

    private static boolean curlIsInstalled() {
        try {
            return curl("--version").exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** curl's exit code, and what it printed: the body, then a line with the status code. */
    private record Curl(int exitCode, String output) {
    }

    private static Curl curl(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", "-w", "\n%{http_code}"));
        command.addAll(List.of(arguments));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!curl.waitFor(60, TimeUnit.SECONDS)) {
                curl.destroyForcibly();
                throw new IOException("curl did not finish: " + output);
            }
            return new Curl(curl.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The refusal of a plain HTTP request while HTTPS is required. */
    private static void assertTlsRequired(HttpResponse<String> response) {
        assertTrue(assertProblem(response, 403, "media.tls-required").getString("detail").contains("HTTPS"),
                response::body);
    }
}
