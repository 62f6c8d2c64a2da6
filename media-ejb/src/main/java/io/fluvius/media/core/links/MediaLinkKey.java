package io.fluvius.media.core.links;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.fluvius.media.core.records.MediaRecord;

/**
 * A key that signs download links, kept in the database so that every server of a deployment signs and checks
 * with the same keys; its secret is sealed with the master key ({@link io.fluvius.media.core.secrets.SecretBox}),
 * never stored in the clear. The newest key that is not retired signs; a retired key's links are accepted
 * until {@link #getAcceptedUntil()}.
 */
@Entity
@Table(name = "media_link_key")
public class MediaLinkKey implements MediaRecord {

    private static final long serialVersionUID = 1L;

    @Id
    @Column(name = "key_id", length = 36)
    private String keyId;
    @Column(name = "sealed_secret", nullable = false, length = 512)
    private String sealedSecret;
    @Column(nullable = false)
    private Instant created;
    @Column(name = "retired_at")
    private Instant retiredAt;
    @Column(name = "accepted_until")
    private Instant acceptedUntil;

    /** For JPA only. */
    protected MediaLinkKey() {
    }

    MediaLinkKey(String keyId, String sealedSecret, Instant created) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.sealedSecret = Objects.requireNonNull(sealedSecret, "sealedSecret");
        this.created = Objects.requireNonNull(created, "created");
    }

    /** The same key, retired at {@code now}, its links accepted until {@code acceptedUntil}. */
    MediaLinkKey retired(Instant now, Instant acceptedUntil) {
        var next = new MediaLinkKey(keyId, sealedSecret, created);
        next.retiredAt = now;
        next.acceptedUntil = acceptedUntil;
        return next;
    }

    public String getKeyId() {
        return keyId;
    }

    String getSealedSecret() {
        return sealedSecret;
    }

    public Instant getCreated() {
        return created;
    }

    public Instant getRetiredAt() {
        return retiredAt;
    }

    public Instant getAcceptedUntil() {
        return acceptedUntil;
    }

    @Override
    public Object recordId() {
        return keyId;
    }

    @Override
    public Object property(String name) {
        return switch (name) {
            case "keyId" -> keyId;
            case "created" -> created;
            case "retiredAt" -> retiredAt;
            case "acceptedUntil" -> acceptedUntil;
            default -> throw new IllegalArgumentException("MediaLinkKey has no property " + name);
        };
    }

    @Override
    public String toString() {
        return "MediaLinkKey[" + keyId + ", created " + created + (retiredAt != null ? ", retired " + retiredAt : "") + "]";
    }
}
