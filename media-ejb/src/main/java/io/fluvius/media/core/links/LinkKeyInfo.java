package io.fluvius.media.core.links;

import java.io.Serializable;
import java.time.Instant;

/**
 * What callers see of a link-signing key: its id and dates, never its secret (sealed or not).
 *
 * @param keyId         the id that links signed with it carry
 * @param created       when it was made
 * @param retiredAt     when a rotation retired it; {@code null} while it signs
 * @param acceptedUntil until when its links are accepted after retirement; {@code null} while it signs
 */
public record LinkKeyInfo(String keyId, Instant created, Instant retiredAt, Instant acceptedUntil) implements Serializable {

    static LinkKeyInfo of(MediaLinkKey row) {
        return new LinkKeyInfo(row.getKeyId(), row.getCreated(), row.getRetiredAt(), row.getAcceptedUntil());
    }
}
