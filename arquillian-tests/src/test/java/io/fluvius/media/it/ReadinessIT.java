package io.fluvius.media.it;

import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;

/**
 * Readiness is the database and the default filesystem; every other filesystem the driver knows is named in the
 * data of the check media-filesystems, UP or DOWN, which never decides the status. The registrations in the
 * database are handed to the driver when the application starts, so a reload does not drop them from the report.
 */
class ReadinessIT extends HttpApiTest {

    @ArquillianResource
    ManagementClient management;

    @Test
    void theOtherFilesystemsAreNamedInTheDataWithoutDecidingTheStatus() throws Exception {
        JsonObject data = filesystemsOnceUp("memory");

        assertEquals("UP", data.getString("memory"), data::toString);
        assertFalse(data.containsKey("file"), "the default filesystem has a check of its own: " + data);
    }

    @Test
    void aRegisteredFilesystemIsNamedHereAndAfterAReloadBeforeItsFirstUse() throws Exception {
        String fsKey = "ready-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> registered = api.send(api.request(LocalUser.ADMIN, "filesystems")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(
                        "{\"fsKey\":\"" + fsKey + "\",\"protocol\":\"memory\",\"name\":\"readiness\",\"params\":{}}")));
        assertEquals(201, registered.statusCode(), registered::body);
        assertEquals("UP", filesystemsOnceUp(fsKey).getString(fsKey));

        ServerReload.reload(management, api); // a new driver, which knows only the connection definitions at first

        assertEquals("UP", filesystemsOnceUp(fsKey).getString(fsKey));
    }

    /**
     * The data of the check media-filesystems once {@code fsKey} is UP there, or after 20 s: a backend's first
     * opening may outlast the probe's deadline, and then it is DOWN until its probe answers. Every answer on the
     * way must be a ready server whose media-filesystems check is UP.
     */
    private JsonObject filesystemsOnceUp(String fsKey) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonObject data;
        do {
            HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.management("/health/ready")).GET());
            assertEquals(200, response.statusCode(), response::body);
            JsonObject health = json(response);
            assertEquals("UP", health.getString("status"), response::body);
            JsonObject check = health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                    .filter(c -> c.getString("name").equals("media-filesystems")).findFirst()
                    .orElseThrow(() -> new AssertionError("no media-filesystems check in " + health));
            assertEquals("UP", check.getString("status"), "never the one that decides: " + health);
            data = check.getJsonObject("data");
        } while (!"UP".equals(data.getString(fsKey, null)) && System.nanoTime() < end);
        return data;
    }
}
