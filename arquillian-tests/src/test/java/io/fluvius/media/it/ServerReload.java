package io.fluvius.media.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/** Reloads the test server through its management API and waits until it serves the application again. */
public final class ServerReload {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private ServerReload() {
    }

    /**
     * Reloads, then waits for the server to leave the state "running" (a reloading server does not answer, and one
     * that a change left reload-required says so until the reload), then to run again, then for the API to answer
     * a reader.
     */
    public static void reload(ManagementClient management, MediaApi api) throws Exception {
        try {
            execute(management, Operations.createOperation("reload"));
        } catch (IOException e) {
            // The server may restart before its answer to the reload arrives ("No such request"): the waits below
            // tell whether it reloads.
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (running(management)) {
            assertTrue(System.nanoTime() < deadline, "the server did not start reloading within " + TIMEOUT);
            Thread.sleep(50);
        }
        while (!running(management)) {
            assertTrue(System.nanoTime() < deadline, "the server did not come back within " + TIMEOUT);
            Thread.sleep(500);
        }
        while (api.get(LocalUser.READER, "files?limit=1").statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "the application did not come back within " + TIMEOUT);
            Thread.sleep(500);
        }
    }

    /** The result of a management operation that must succeed. */
    public static ModelNode execute(ManagementClient management, ModelNode operation) throws IOException {
        ModelNode outcome = management.getControllerClient().execute(operation);
        assertTrue(Operations.isSuccessfulOutcome(outcome), () -> Operations.getFailureDescription(outcome).asString());
        return Operations.readResult(outcome);
    }

    private static boolean running(ManagementClient management) {
        try {
            ModelNode outcome = management.getControllerClient().execute(
                    Operations.createReadAttributeOperation(new ModelNode().setEmptyList(), "server-state"));
            return Operations.isSuccessfulOutcome(outcome) && "running".equals(Operations.readResult(outcome).asString());
        } catch (IOException | RuntimeException e) {
            return false; // reloading: the management interface is down for a moment
        }
    }
}
