package io.fluvius.media.it;

import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.json.JsonObject;

import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;

/**
 * The media.* settings live in the config source "media" of WildFly's MicroProfile Config subsystem
 * (configure-media.cli), where the management model shows them and changes them: a change reaches the application
 * at the next reload. The test that changes one puts the default back and reloads again.
 */
class SettingsIT extends HttpApiTest {

    private static final ModelNode SOURCE = Operations.createAddress("subsystem", "microprofile-config-smallrye",
            "config-source", "media");
    private static final String DEFAULT_TTL = "media.links.default-ttl";

    @ArquillianResource
    ManagementClient management;

    @Test
    void theManagementModelShowsEverySettingWithItsDefaultBelowSystemProperties() throws Exception {
        ModelNode source = execute(Operations.createReadResourceOperation(SOURCE));

        int ordinal = source.get("ordinal").asInt();
        assertTrue(ordinal > 100 && ordinal < 300, "above the application's defaults, below environment and system"
                + " properties: " + ordinal);
        ModelNode properties = source.get("properties");
        for (String key : List.of("media.default-filesystem", "media.max-file-size", "media.chunk-size", "media.dedup",
                "media.get.max-bytes", "media.block-size", "media.upload.lease", "media.gc.interval", "media.gc.grace",
                "media.content-locks", "media.upload.reserve", "media.tls.required", "media.links.default-ttl",
                "media.links.max-ttl", "media.jobs.lease", "media.jobs.orphan-gc.schedule",
                "media.jobs.verify-sweep.schedule")) {
            assertTrue(properties.hasDefined(key), key + " in " + properties);
        }
        assertEquals("file", properties.get("media.default-filesystem").asString());
        assertEquals("104857600", properties.get("media.max-file-size").asString());
        assertEquals("900", properties.get(DEFAULT_TTL).asString());
        assertEquals("0 0 3 * * *", properties.get("media.jobs.orphan-gc.schedule").asString());
    }

    @Test
    void aSettingChangedInTheManagementModelReachesTheApplicationAfterAReload() throws Exception {
        String before = execute(mapGet(DEFAULT_TTL)).asString();
        assertLinksLive(Long.parseLong(before), "before the change");
        try {
            execute(mapPut(DEFAULT_TTL, "1234"));
            reload();

            assertLinksLive(1234, "after the change and a reload");
        } finally {
            execute(mapPut(DEFAULT_TTL, before));
            reload();
        }
        assertLinksLive(Long.parseLong(before), "once the default is back");
    }

    /** A link made without a ttl expires {@code seconds} after it was asked for (give or take a minute). */
    private void assertLinksLive(long seconds, String when) throws Exception {
        JsonObject entry = api.upload("filename=settings.bin&resource=" + MediaApi.uniqueResource("settings"),
                MediaApi.randomBytes(1000, 15));
        Instant asked = Instant.now();
        HttpResponse<String> created = api.send(api.request(LocalUser.READER, "files/" + entry.getString("id")
                + "/links").POST(BodyPublishers.noBody()));
        assertEquals(201, created.statusCode(), created::body);
        long lifetime = Duration.between(asked, Instant.parse(json(created).getString("expires"))).toSeconds();
        assertTrue(Math.abs(lifetime - seconds) < 60, "a link lives " + lifetime + " s " + when + ", not " + seconds);
    }

    private static ModelNode mapGet(String key) {
        ModelNode operation = Operations.createOperation("map-get", SOURCE);
        operation.get("name").set("properties");
        operation.get("key").set(key);
        return operation;
    }

    private static ModelNode mapPut(String key, String value) {
        ModelNode operation = Operations.createOperation("map-put", SOURCE);
        operation.get("name").set("properties");
        operation.get("key").set(key);
        operation.get("value").set(value);
        return operation;
    }

    private ModelNode execute(ModelNode operation) throws IOException {
        return ServerReload.execute(management, operation);
    }

    private void reload() throws Exception {
        ServerReload.reload(management, api);
    }
}
