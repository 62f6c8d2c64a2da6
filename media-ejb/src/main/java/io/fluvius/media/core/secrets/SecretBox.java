package io.fluvius.media.core.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secrets for storage with the {@link MasterKeys}: AES-GCM with a fresh 96-bit nonce, a 128-bit tag, and
 * the secret's context (what it is and which row it belongs to) as associated data, so that a sealed value
 * copied to another row or purpose does not open there. A sealed value is text:
 * {@code aesgcm1:<master key id>:<base64url(nonce || ciphertext || tag)>}.
 */
public final class SecretBox {

    static final String FORMAT = "aesgcm1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String CANNOT_OPEN = "A sealed secret cannot be opened: ";

    private final MasterKeys keys;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(MasterKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The secret sealed with the current master key, bound to {@code context}. */
    public String seal(byte[] secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.current(), nonce, keys.currentId(), context);
            byte[] sealed = cipher.doFinal(secret);
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return FORMAT + ":" + keys.currentId() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a secret with the master key " + keys.currentId(), e);
        }
    }

    /**
     * The secret that {@link #seal} sealed with the same context.
     *
     * @throws SecretUnavailableException when the value is not a sealed secret, names a master key this server
     *                                    does not have, or was altered or sealed for another context
     */
    public byte[] open(String sealed, String context) {
        String[] parts = sealed == null ? new String[0] : sealed.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(FORMAT)) {
            throw new SecretUnavailableException(CANNOT_OPEN + "not a sealed secret (" + FORMAT + ")");
        }
        String keyId = parts[1];
        SecretKey key = keys.byId(keyId).orElseThrow(() -> new SecretUnavailableException(
                "sealed with the master key '" + keyId + "', which this server's credential store does not hold"
                        + " (it holds " + keys.ids() + ")"));
        byte[] in;
        try {
            in = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SecretUnavailableException(CANNOT_OPEN + "its ciphertext is not base64url");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretUnavailableException(CANNOT_OPEN + "its ciphertext is too short");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(in, NONCE_BYTES), keyId, context);
            return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretUnavailableException(CANNOT_OPEN + "it does not authenticate under the master key '" + keyId
                    + "' for " + context + " (altered, or sealed for something else)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot open a secret with the master key " + keyId, e);
        }
    }

    /** The id of the key that {@link #seal} uses. */
    public String currentKeyId() {
        return keys.currentId();
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId, String context)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((FORMAT + ":" + keyId + ":" + Objects.requireNonNull(context, "context"))
                .getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
