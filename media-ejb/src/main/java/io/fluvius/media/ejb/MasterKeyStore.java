package io.fluvius.media.ejb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.crypto.SecretKey;

import org.wildfly.security.credential.SecretKeyCredential;
import org.wildfly.security.credential.store.CredentialStore;
import org.wildfly.security.credential.store.WildFlyElytronCredentialStoreProvider;

import io.fluvius.media.core.secrets.MasterKeys;

/**
 * Reads the master key ring from a WildFly Elytron secret-key credential store (the file of the subsystem's
 * {@code secret-key-credential-store=media-master-key}, configure-keys.cli): every alias is a key id. Opened
 * read-only, through Elytron's own credential store API, so the file's format stays Elytron's business.
 */
final class MasterKeyStore {

    /** The type behind {@code secret-key-credential-store}. */
    private static final String TYPE = "PropertiesCredentialStore";

    private MasterKeyStore() {
    }

    /**
     * @param location  the credential store file
     * @param currentId the alias that seals from now on; when absent, the store must hold exactly one
     * @throws IllegalStateException when the store is missing, empty, or the current key is ambiguous or absent
     */
    static MasterKeys load(Path location, Optional<String> currentId) {
        if (!Files.isRegularFile(location)) {
            throw new IllegalStateException("No master key: the credential store " + location + " does not exist."
                    + " Create it with the build (mvn install), or as the README's 'Master key' section shows,"
                    + " and give every server of the deployment the same file");
        }
        Map<String, SecretKey> keys = new TreeMap<>();
        try {
            CredentialStore store = CredentialStore.getInstance(TYPE, WildFlyElytronCredentialStoreProvider.getInstance());
            store.initialize(Map.of("location", location.toString(), "create", "false"));
            for (String alias : store.getAliases()) {
                SecretKeyCredential credential = store.retrieve(alias, SecretKeyCredential.class);
                if (credential != null) {
                    keys.put(alias, credential.getSecretKey());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the master key credential store " + location + ": " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("The credential store " + location + " holds no secret key");
        }
        String current = currentId.filter(id -> !id.isBlank()).orElseGet(() -> {
            if (keys.size() > 1) {
                throw new IllegalStateException("The credential store " + location + " holds the keys " + keys.keySet()
                        + ": name the one that seals new secrets with media.master-key.current");
            }
            return keys.keySet().iterator().next();
        });
        return new MasterKeys(keys, current);
    }
}
