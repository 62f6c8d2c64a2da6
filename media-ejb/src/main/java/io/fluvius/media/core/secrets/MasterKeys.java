package io.fluvius.media.core.secrets;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * The master key ring: AES keys by id, one of them current. What the service keeps secret in its database is
 * sealed with the current key ({@link SecretBox}) and names the key it was sealed with, so that a new key can
 * become current while secrets sealed with older ones stay readable. In the server the ring comes from a WildFly
 * Elytron secret-key credential store, its aliases being the ids, provisioned alike on every node.
 */
public final class MasterKeys {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Map<String, SecretKey> keys;
    private final String currentId;

    /**
     * @param keys      AES keys (128, 192 or 256 bits) by id
     * @param currentId the id of the key that seals from now on
     */
    public MasterKeys(Map<String, SecretKey> keys, String currentId) {
        Objects.requireNonNull(keys, "keys");
        keys.forEach((id, key) -> {
            if (id == null || !KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("A master key id is 1-64 letters, digits, '.', '_' or '-', was '" + id + "'");
            }
            if (!"AES".equalsIgnoreCase(key.getAlgorithm()) || !validAesLength(key)) {
                throw new IllegalArgumentException("The master key '" + id + "' is not an AES key of 128, 192 or 256 bits");
            }
        });
        if (!keys.containsKey(currentId)) {
            throw new IllegalArgumentException("The current master key '" + currentId + "' is not among " + keys.keySet());
        }
        this.keys = Map.copyOf(keys);
        this.currentId = currentId;
    }

    /** A ring of one freshly generated 256-bit key: for a server without a credential store's keys, and tests. */
    public static MasterKeys generated(String id) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, new SecureRandom());
            return new MasterKeys(Map.of(id, generator.generateKey()), id);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }

    public String currentId() {
        return currentId;
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    Optional<SecretKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** The ids, sorted; never the keys. */
    public Set<String> ids() {
        return new TreeMap<>(keys).keySet();
    }

    private static boolean validAesLength(SecretKey key) {
        byte[] encoded = key.getEncoded();
        return encoded != null && (encoded.length == 16 || encoded.length == 24 || encoded.length == 32);
    }

    @Override
    public String toString() {
        return "MasterKeys" + ids() + ", current " + currentId; // never the key material
    }
}
