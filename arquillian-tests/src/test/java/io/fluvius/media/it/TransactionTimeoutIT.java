package io.fluvius.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fluvius.media.it.ledger.LedgerDeployment;

/**
 * Bytes move outside any transaction: with the server's transaction timeout at 2 s, an upload and a
 * cross-filesystem copy that each last more than 5 s (two and a half timeouts) succeed, while one transaction
 * held open for 4 s is rolled back (the timeout is in force).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TransactionTimeoutIT {

    private static final ModelNode TRANSACTIONS = Operations.createAddress("subsystem", "transactions");
    private static final int TIMEOUT_SECONDS = 2;

    @ArquillianResource
    ManagementClient management;

    private MediaApi api;
    private URI tests;
    private ModelNode previousTimeout;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return LedgerDeployment.mediaEarWithTests();
    }

    @BeforeEach
    void shortenTheTransactionTimeout() throws Exception {
        String base = "http://" + management.getWebUri().getHost() + ":" + management.getWebUri().getPort();
        api = new MediaApi(new URL(base + "/media/"));
        tests = URI.create(base + LedgerDeployment.CONTEXT_ROOT + "/");
        previousTimeout = execute(Operations.createReadAttributeOperation(TRANSACTIONS, "default-timeout"));
        execute(Operations.createWriteAttributeOperation(TRANSACTIONS, "default-timeout", TIMEOUT_SECONDS));
    }

    @AfterEach
    void restoreTheTransactionTimeout() throws Exception {
        execute(Operations.createWriteAttributeOperation(TRANSACTIONS, "default-timeout", previousTimeout));
    }

    @Test
    void aTransactionLongerThanTheTimeoutIsRolledBack() throws Exception {
        assertEquals("rolled back", post("hold-transaction?seconds=" + (TIMEOUT_SECONDS + 2)).body());
    }

    @Test
    void anUploadLastingFiveSecondsSucceeds() throws Exception {
        byte[] content = MediaApi.randomBytes(6 * 1024 * 1024, 55);
        long started = System.nanoTime();
        HttpResponse<String> created = api.send(api.request(LocalUser.WRITER, "files?filename=slow.bin")
                .header("Content-Type", "application/octet-stream")
                .POST(MediaApi.streamed(content.length, () -> new Trickle(content, 7))));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(201, created.statusCode(), created::body);
        assertTrue(millis >= 5_000, "the upload lasted " + millis + " ms");
        JsonObject entry = MediaApi.json(created);
        assertEquals(MediaApi.sha256Hex(content), entry.getString("filehash"));
        assertEquals(MediaApi.sha256Hex(content), MediaApi.sha256Hex(
                new java.io.ByteArrayInputStream(api.sendForBytes(api.request(LocalUser.READER, "files/"
                        + entry.getString("id")).GET()).body())));
    }

    @Test
    void aCrossFilesystemCopyLastingFiveSecondsSucceeds() throws Exception {
        int bytes = 4 * 1024 * 1024;
        HttpResponse<String> copied = post("slow-copy?bytes=" + bytes + "&rate=" + (bytes / 6));

        assertEquals(200, copied.statusCode(), copied::body);
        String[] result = copied.body().split(" ");
        assertTrue(Long.parseLong(result[1]) >= 5_000, "the copy lasted " + result[1] + " ms");
        HttpResponse<byte[]> download = api.sendForBytes(api.request(LocalUser.READER, "files/" + result[0]).GET());
        assertEquals(200, download.statusCode());
        assertEquals(result[2], MediaApi.sha256Hex(new java.io.ByteArrayInputStream(download.body())));
        JsonObject copy = MediaApi.json(api.get(LocalUser.READER, "files/" + result[0] + "/metadata"));
        assertEquals("memory", copy.getString("fsKey"));
    }

    private HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return api.http.send(HttpRequest.newBuilder(tests.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private ModelNode execute(ModelNode operation) throws IOException {
        ModelNode outcome = management.getControllerClient().execute(operation);
        assertTrue(Operations.isSuccessfulOutcome(outcome), () -> Operations.getFailureDescription(outcome).asString());
        return Operations.readResult(outcome);
    }

    /** The content, handed over in {@code pieces} pieces a second apart: a slow client. */
    private static final class Trickle extends InputStream {
        private final byte[] content;
        private final int piece;
        private int position;

        Trickle(byte[] content, int pieces) {
            this.content = content;
            this.piece = (content.length + pieces - 1) / pieces;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= content.length) {
                return -1;
            }
            if (position > 0 && position % piece == 0) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }
            int n = Math.min(len, Math.min(content.length - position, piece - position % piece));
            System.arraycopy(content, position, b, off, n);
            position += n;
            return n;
        }
    }
}
