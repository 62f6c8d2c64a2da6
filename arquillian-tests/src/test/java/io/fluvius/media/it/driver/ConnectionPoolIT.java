package io.fluvius.media.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server pools the driver's connections and the management model shows it: what the admin console and
 * jboss-cli read under /subsystem=resource-adapters/resource-adapter=media.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConnectionPoolIT {

    private static final int CYCLES = 1_000;
    private static final int WORKERS = 4;

    private static final ModelNode MEDIA_ADAPTER =
            Operations.createAddress("subsystem", "resource-adapters", "resource-adapter", "media");
    private static final ModelNode FILE_POOL_STATISTICS = Operations.createAddress("subsystem", "resource-adapters",
            "resource-adapter", "media", "connection-definitions", "file", "statistics", "pool");

    /** Any deployment will do (both are on the one server); with two, the provider needs to be told. */
    @ArquillianResource
    @OperateOnDeployment(ClientDeployments.MEDIA)
    private ManagementClient management;

    @ArquillianResource
    @OperateOnDeployment(ClientDeployments.CLIENT)
    private URL client;

    private final HttpClient http = HttpClient.newHttpClient();

    @Deployment(name = ClientDeployments.MEDIA, order = 1, testable = false)
    static EnterpriseArchive media() {
        return ClientDeployments.mediaEar();
    }

    @Deployment(name = ClientDeployments.CLIENT, order = 2, testable = false)
    static WebArchive client() {
        return ClientDeployments.clientWar();
    }

    @Test
    void aThousandGetUseCloseCyclesLeaveNoConnectionInUse() throws Exception {
        HttpResponse<String> run = http.send(HttpRequest.newBuilder(client.toURI()
                        .resolve("pool-cycles?cycles=" + CYCLES + "&workers=" + WORKERS))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, run.statusCode(), run::body);
        assertEquals(String.valueOf(CYCLES), run.body(), "cycles completed");

        ModelNode pool = readResource(FILE_POOL_STATISTICS, false);

        assertTrue(pool.get("statistics-enabled").asBoolean(), "configure-media.cli enables the statistics");
        assertEquals(0, pool.get("InUseCount").asInt(), () -> "every handle went back to the pool: " + pool);
        assertTrue(pool.get("MaxUsedCount").asInt() >= WORKERS, () -> "the workers held connections at once: " + pool);
        assertTrue(pool.get("CreatedCount").asInt() < CYCLES / 10, () -> "closed connections are reused: " + pool);
        assertEquals(0, pool.get("DestroyedCount").asInt(), () -> "a close returns, never destroys: " + pool);
    }

    @Test
    void theConnectionDefinitionsAndTheirConfigPropertiesAreInTheManagementModel() throws Exception {
        ModelNode adapter = readResource(MEDIA_ADAPTER, true);

        assertEquals("media.ear#media-rar.rar", adapter.get("archive").asString());
        ModelNode file = adapter.get("connection-definitions", "file");
        assertEquals("java:/eis/media/MediaConnectionFactory", file.get("jndi-name").asString());
        assertEquals("file", file.get("config-properties", "fsKey", "value").asString());
        assertEquals("file", file.get("config-properties", "protocol", "value").asString());
        assertTrue(file.get("config-properties", "root", "value").isDefined(), () -> "root: " + file);
        ModelNode memory = adapter.get("connection-definitions", "memory");
        assertEquals("java:/eis/media/memory", memory.get("jndi-name").asString());
        assertEquals("memory", memory.get("config-properties", "protocol", "value").asString());
    }

    private ModelNode readResource(ModelNode address, boolean recursive) throws IOException {
        ModelNode operation = Operations.createReadResourceOperation(address, recursive);
        operation.get("include-runtime").set(true);
        ModelNode outcome = management.getControllerClient().execute(operation);
        assertTrue(Operations.isSuccessfulOutcome(outcome), () -> Operations.getFailureDescription(outcome).asString());
        return Operations.readResult(outcome);
    }
}
