package io.fluvius.media.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.SecretKey;
import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wildfly.security.credential.SecretKeyCredential;
import org.wildfly.security.credential.store.CredentialStore;
import org.wildfly.security.credential.store.WildFlyElytronCredentialStoreProvider;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.secrets.MasterKeys;
import io.fluvius.media.core.secrets.SecretBox;
import io.fluvius.media.ejb.MediaServiceLocal;
import io.fluvius.media.it.DatabaseDump;
import io.fluvius.media.it.InServerTests;
import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.RealmUser;

/**
 * The keys that sign links are kept sealed: after links are made and keys rotated over HTTP, no form of any key
 * (raw text, base64, base64url, hex) is in a dump of the database, in the server log, or in any response. The test
 * runs in the server, where it can open the sealed keys with the master key to know what to look for.
 */
@ExtendWith(ArquillianExtension.class)
class SecretsAtRestIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return InServerTests.mediaEarWith(InServerTests.module("media-secrets-tests.war")
                .addClasses(SecretsAtRestIT.class, LocalUser.class, DatabaseDump.class), "/media-secrets-tests");
    }

    @EJB
    MediaServiceLocal media;

    @Resource(lookup = "java:jboss/datasources/MediaDS")
    DataSource database;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void linkKeysAppearNowhereInTheClearInTheDatabaseTheLogOrAnyResponse() throws Exception {
        MediaEntry entry = RealmUser.WRITER.call(() -> media.put("linked".getBytes(StandardCharsets.UTF_8),
                PutOptions.named("secret-scan.txt")));
        List<String> responses = new ArrayList<>();
        responses.add(call(LocalUser.READER, "POST", "files/" + entry.getId() + "/links", 201));
        responses.add(call(LocalUser.ADMIN, "POST", "link-keys", 201));
        responses.add(call(LocalUser.READER, "POST", "files/" + entry.getId() + "/links", 201));
        responses.add(call(LocalUser.ADMIN, "GET", "link-keys", 200));

        Map<String, byte[]> keys = openedLinkKeys();
        assertTrue(keys.size() >= 2, "a key before and after the rotation: " + keys.keySet());
        String dump = databaseDump();
        assertTrue(dump.contains("aesgcm1:"), "the dump holds the sealed keys");
        String log = Files.readString(Path.of(System.getProperty("jboss.server.log.dir"), "server.log"),
                StandardCharsets.ISO_8859_1);
        for (var key : keys.entrySet()) {
            for (var form : forms(key.getValue()).entrySet()) {
                String what = "key " + key.getKey() + " as " + form.getKey();
                assertFalse(dump.contains(form.getValue()), what + " is in the database dump");
                assertFalse(log.contains(form.getValue()), what + " is in the server log");
                for (String response : responses) {
                    assertFalse(response.contains(form.getValue()), what + " is in a response: " + response);
                }
            }
        }
    }

    /** The link keys, opened with the master key from the server's credential store (what an attacker lacks). */
    private Map<String, byte[]> openedLinkKeys() throws Exception {
        Path store = Path.of(System.getProperty("jboss.server.config.dir"), "media-master-key.cs");
        CredentialStore credentials = CredentialStore.getInstance("PropertiesCredentialStore",
                WildFlyElytronCredentialStoreProvider.getInstance());
        credentials.initialize(Map.of("location", store.toString(), "create", "false"));
        Map<String, SecretKey> ring = new TreeMap<>();
        for (String alias : credentials.getAliases()) {
            ring.put(alias, credentials.retrieve(alias, SecretKeyCredential.class).getSecretKey());
        }
        var box = new SecretBox(new MasterKeys(ring, ring.keySet().iterator().next()));
        Map<String, byte[]> keys = new LinkedHashMap<>();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT key_id, sealed_secret FROM media_link_key")) {
            while (rows.next()) {
                keys.put(rows.getString(1), box.open(rows.getString(2), "media_link_key:" + rows.getString(1)));
            }
        }
        return keys;
    }

    /** Every row of every table of the application, as text. */
    private String databaseDump() throws Exception {
        try (Connection connection = database.getConnection()) {
            return DatabaseDump.of(connection, "media_link_key");
        }
    }

    private static Map<String, String> forms(byte[] key) {
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("text", new String(key, StandardCharsets.ISO_8859_1));
        forms.put("base64", Base64.getEncoder().withoutPadding().encodeToString(key));
        forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(key));
        forms.put("hex", HexFormat.of().formatHex(key));
        forms.put("HEX", HexFormat.of().withUpperCase().formatHex(key));
        return forms;
    }

    /** A call to this server's HTTP API: what came back, headers and body. */
    private String call(LocalUser user, String method, String path, int expected) throws Exception {
        int port = 8080 + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/media/api/" + path))
                .header("Authorization", user.basicAuthorization())
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), response::body);
        return response.headers().map() + "\n" + response.body();
    }
}
