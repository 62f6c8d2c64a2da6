package io.fluvius.media.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

import org.wildfly.security.credential.SecretKeyCredential;
import org.wildfly.security.credential.store.CredentialStore;
import org.wildfly.security.credential.store.WildFlyElytronCredentialStoreProvider;

import io.fluvius.media.core.secrets.MasterKeys;

/**
 * A server's master key file ({@code configuration/media-master-key.cs}, an Elytron secret-key credential store),
 * opened as the application opens it, or replaced by one that holds another key.
 */
final class MasterKeyFile {

    private MasterKeyFile() {
    }

    /** The key ring of the build's store (one key), as MasterKeyStore reads it in the server. */
    static MasterKeys read(Path store) throws Exception {
        CredentialStore credentials = CredentialStore.getInstance("PropertiesCredentialStore",
                WildFlyElytronCredentialStoreProvider.getInstance());
        credentials.initialize(Map.of("location", store.toString(), "create", "false"));
        Map<String, SecretKey> ring = new TreeMap<>();
        for (String alias : credentials.getAliases()) {
            ring.put(alias, credentials.retrieve(alias, SecretKeyCredential.class).getSecretKey());
        }
        assertEquals(1, ring.size(), () -> "the build's store holds one key: " + ring.keySet());
        return new MasterKeys(ring, ring.keySet().iterator().next());
    }

    /** Replaces the store with one holding a fresh key under the same alias: right name, wrong key. */
    static void replaceWithAnother(Path store, String alias) throws Exception {
        Files.delete(store);
        CredentialStore credentials = CredentialStore.getInstance("PropertiesCredentialStore",
                WildFlyElytronCredentialStoreProvider.getInstance());
        credentials.initialize(Map.of("location", store.toString(), "create", "true"));
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        credentials.store(alias, new SecretKeyCredential(generator.generateKey()));
        credentials.flush();
    }
}
