package io.fluvius.media.core.links;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.fluvius.media.core.InvalidMediaRequestException;

/**
 * Signed, expiring download links: {@link #sign} hands out a {@link SignedLink} to one file, {@link #verify}
 * decides whether one grants its read now. HMAC-SHA256 with the deployment's {@link LinkKeys}, so that a link
 * signed by one server is honoured by every other.
 */
public final class MediaLinks {

    private final LinkKeys keys;
    private final Clock clock;
    private final Duration defaultTtl;
    private final Duration maxTtl;
    private final Duration keyOverlap;

    /**
     * @param defaultTtl {@code media.links.default-ttl}: a link's life when the caller names none
     * @param maxTtl     {@code media.links.max-ttl}: the longest life a caller may ask for
     * @param keyOverlap {@code media.links.key-overlap}: how long a rotated-out key's links keep working
     */
    public MediaLinks(LinkKeys keys, Clock clock, Duration defaultTtl, Duration maxTtl, Duration keyOverlap) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (defaultTtl.isNegative() || defaultTtl.isZero() || maxTtl.compareTo(defaultTtl) < 0 || keyOverlap.isNegative()) {
            throw new IllegalArgumentException("Link lifetimes: 0 < default-ttl (" + defaultTtl + ") <= max-ttl ("
                    + maxTtl + "), key-overlap (" + keyOverlap + ") >= 0");
        }
        this.defaultTtl = defaultTtl;
        this.maxTtl = maxTtl;
        this.keyOverlap = keyOverlap;
    }

    /**
     * A link to the file, valid for {@code ttl} ({@code null}: the default), rounded up to a whole second.
     *
     * @throws InvalidMediaRequestException when {@code ttl} is not positive or longer than the maximum
     */
    public SignedLink sign(UUID fileId, Duration ttl) {
        Duration life = ttl == null ? defaultTtl : ttl;
        if (life.isNegative() || life.isZero() || life.compareTo(maxTtl) > 0) {
            throw new InvalidMediaRequestException("media.invalid-ttl", "A link lives from 1 second to "
                    + maxTtl.toSeconds() + " seconds (media.links.max-ttl); asked for " + life.toSeconds() + " seconds");
        }
        Instant exact = clock.instant().plus(life);
        Instant expires = Instant.ofEpochSecond(exact.getEpochSecond() + (exact.getNano() > 0 ? 1 : 0));
        LinkKeys.Key key = keys.signing();
        var unsigned = new SignedLink(fileId, expires, key.id(), "");
        return new SignedLink(fileId, expires, key.id(), sign(key, unsigned));
    }

    /**
     * Whether the link grants reading its file now.
     *
     * @throws LinkRefusedException when it was altered, names an unknown key or one retired for longer than its
     *                              overlap ({@code media.link-invalid}), or has expired ({@code media.link-expired})
     */
    public void verify(SignedLink link) {
        Instant now = clock.instant();
        LinkKeys.Key key = keys.find(link.keyId())
                .orElseThrow(() -> LinkRefusedException.invalid("The link is not valid"));
        byte[] expected = sign(key, link).getBytes(StandardCharsets.US_ASCII);
        byte[] given = link.signature().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw LinkRefusedException.invalid("The link is not valid");
        }
        if (!now.isBefore(link.expires())) {
            throw LinkRefusedException.expired("The link expired at " + link.expires());
        }
        if (!key.accepts(now)) {
            throw LinkRefusedException.invalid("The link was signed with a key that has been retired");
        }
    }

    /**
     * Makes a new signing key current; links signed with the keys before it keep working for {@code overlap}
     * ({@code null}: {@code media.links.key-overlap}; zero revokes them at once).
     */
    public LinkKeyInfo rotate(Duration overlap) {
        Duration kept = overlap == null ? keyOverlap : overlap;
        if (kept.isNegative()) {
            throw new InvalidMediaRequestException("The overlap of a key rotation must not be negative, was " + kept);
        }
        return LinkKeyInfo.of(keys.rotate(kept));
    }

    /** The signing keys' rows, newest first: ids and dates, never secrets. */
    public List<LinkKeyInfo> keys() {
        return keys.rows().stream().map(LinkKeyInfo::of).toList();
    }

    public Duration maxTtl() {
        return maxTtl;
    }

    private static String sign(LinkKeys.Key key, SignedLink link) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            byte[] signature = mac.doFinal(link.signedText().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
