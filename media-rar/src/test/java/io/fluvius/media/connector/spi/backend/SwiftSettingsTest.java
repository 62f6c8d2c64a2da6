package io.fluvius.media.connector.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;

/**
 * How a {@code swift} definition becomes jclouds settings. Keystone v3 has no server that installs here,
 * so its mapping is checked here and nowhere live.
 */
class SwiftSettingsTest {

    private static final String SECRET = "s3cr3t-value-never-shown";

    private static Map<String, String> tempAuth() {
        return new HashMap<>(Map.of("endpoint", "http://127.0.0.1:6210/auth/v1.0", "user", "test:tester",
                "key", SECRET));
    }

    private static Map<String, String> keystone() {
        return new HashMap<>(Map.of("endpoint", "https://keystone.example:5000/v3", "auth", "keystone-v3",
                "user", "media", "password", SECRET, "project", "media-project", "domain", "Example",
                "region", "RegionTwo", "container", "assets"));
    }

    private static SwiftSettings settings(Map<String, String> params) {
        return SwiftSettings.of(new FilesystemSpec("fs", "swift", params));
    }

    private static InvalidFilesystemException refused(Map<String, String> params) {
        InvalidFilesystemException refused = assertThrows(InvalidFilesystemException.class, () -> settings(params));
        assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
        return refused;
    }

    @Test
    void tempAuthAuthenticatesAsAccountAndUserWithTempAuthCredentials() {
        SwiftSettings settings = settings(tempAuth());

        assertEquals("test:tester", settings.identity());
        assertEquals(SECRET, settings.secret());
        assertEquals("media", settings.container());
        assertNull(settings.region());
        Properties properties = settings.overrides();
        assertEquals("tempAuthCredentials", properties.getProperty("jclouds.keystone.credential-type"));
        assertNull(properties.getProperty("jclouds.keystone.version"));
        assertNull(properties.getProperty("jclouds.keystone.scope"));
    }

    @Test
    void keystoneV3ScopesThePasswordLoginToTheProjectInItsDomain() {
        SwiftSettings settings = settings(keystone());

        assertEquals("Example:media", settings.identity());
        assertEquals(SECRET, settings.secret());
        assertEquals("RegionTwo", settings.region());
        assertEquals("assets", settings.container());
        Properties properties = settings.overrides();
        assertEquals("3", properties.getProperty("jclouds.keystone.version"));
        assertEquals("passwordCredentials", properties.getProperty("jclouds.keystone.credential-type"));
        assertEquals("project:media-project", properties.getProperty("jclouds.keystone.scope"));
        assertEquals("Example", properties.getProperty("jclouds.keystone.project-domain-name"));
    }

    @Test
    void keystoneV3DefaultsToTheDefaultDomainAndTakesTenantForProject() {
        Map<String, String> params = keystone();
        params.remove("domain");
        params.remove("project");
        params.put("tenant", "legacy");

        SwiftSettings settings = settings(params);

        assertEquals("Default:media", settings.identity());
        assertEquals("project:legacy", settings.overrides().getProperty("jclouds.keystone.scope"));
        assertEquals("Default", settings.overrides().getProperty("jclouds.keystone.project-domain-name"));
    }

    @Test
    void theGenericSecretParameterServesEitherAuth() {
        Map<String, String> params = tempAuth();
        params.put("secret", params.remove("key"));
        assertEquals(SECRET, settings(params).secret());

        Map<String, String> keystone = keystone();
        keystone.put("secret", keystone.remove("password"));
        assertEquals(SECRET, settings(keystone).secret());
    }

    @Test
    void boundedFailureDefaultsFitInTheTenSecondDeadline() {
        SwiftSettings settings = settings(tempAuth());

        assertEquals(Duration.ofSeconds(10), settings.deadline());
        assertEquals(1, settings.retries());
        assertEquals(Duration.ofSeconds(2), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(2), settings.readTimeout());
        Properties properties = settings.overrides();
        assertEquals("2000", properties.getProperty("jclouds.connection-timeout"));
        assertEquals("2000", properties.getProperty("jclouds.so-timeout"));
        assertEquals("1", properties.getProperty("jclouds.max-retries"));
        assertEquals(16L << 20, settings.segmentSize());
    }

    @Test
    void timeoutsRetriesAndSegmentSizeAreTakenAsGiven() {
        Map<String, String> params = tempAuth();
        params.putAll(Map.of("connectTimeout", "500ms", "readTimeout", "PT20S", "retries", "2", "deadline", "80s",
                "segmentSize", "64MiB"));

        SwiftSettings settings = settings(params);

        assertEquals(Duration.ofMillis(500), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(20), settings.readTimeout());
        assertEquals(2, settings.retries());
        assertEquals(Duration.ofSeconds(80), settings.deadline());
        assertEquals(64L << 20, settings.segmentSize());
    }

    @ParameterizedTest
    @CsvSource({
            "endpoint,,endpoint",
            "endpoint,ftp://host/auth,endpoint",
            "endpoint,http://user:pw@host/auth,endpoint",
            "user,,user",
            "user,tester,user",
            "key,,key",
            "auth,ldap,auth",
            "container,a/b,container",
            "retries,-1,retries",
            "retries,many,retries",
            "deadline,0s,deadline",
            "deadline,2h,deadline",
            "readTimeout,5s,deadline",
            "readTimeout,soon,readTimeout",
            "segmentSize,1000,segmentSize",
            "segmentSize,2GiB,segmentSize",
            "project,p,project",
            "domain,d,domain",
            "password,x,password",
    })
    void aBadParameterIsRefusedByName(String name, String value, String named) {
        Map<String, String> params = tempAuth();
        if (value == null) {
            params.remove(name);
        } else {
            params.put(name, value);
        }

        assertTrue(refused(params).getMessage().contains("'" + named + "'"));
    }

    @Test
    void keystoneV3NeedsAProjectAndItsOwnSecret() {
        Map<String, String> noProject = keystone();
        noProject.remove("project");
        assertTrue(refused(noProject).getMessage().contains("'project'"));

        Map<String, String> tempAuthSecret = keystone();
        tempAuthSecret.put("key", tempAuthSecret.remove("password"));
        assertTrue(refused(tempAuthSecret).getMessage().contains("'key'"));

        Map<String, String> both = keystone();
        both.put("secret", "other-" + SECRET);
        assertTrue(refused(both).getMessage().contains("'secret'"));
    }

    @Test
    void unknownParametersAreRefusedAndTheProtocolIsServed() {
        Map<String, String> params = tempAuth();
        params.put("bucket", "b");

        InvalidFilesystemException refused = assertThrows(InvalidFilesystemException.class,
                () -> Protocol.of(new FilesystemSpec("fs", "swift", params)));

        assertTrue(refused.getMessage().contains("bucket"), refused.getMessage());
        assertEquals(Protocol.SWIFT, Protocol.of(new FilesystemSpec("fs", "swift", tempAuth())));
    }

    @Test
    void printingSettingsNeverShowsTheSecret() {
        assertFalse(settings(tempAuth()).toString().contains(SECRET));
        assertFalse(settings(keystone()).toString().contains(SECRET));
    }
}
