package io.fluvius.media.core.links;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.records.RecordQuery;
import io.fluvius.media.core.secrets.SecretBox;

/**
 * The link-signing keys of the deployment: rows of {@link MediaLinkKey} in the shared database, their secrets
 * sealed with the master key. Each server keeps the opened keys in memory and reads the table again every few
 * seconds (so that a rotation on another server reaches it quickly) and when a link names a key it does not
 * know (at most once a second, so that links with made-up key ids cannot make it query at will).
 * Creating the first key and rotating take a database lock, so that two servers doing either at once end with
 * one current key.
 */
public final class LinkKeys {

    /** 256-bit HMAC-SHA256 keys. */
    static final int SECRET_BYTES = 32;
    /** Where a key's secret may be opened: its own row, and nowhere else. */
    private static final String CONTEXT = "media_link_key:";
    /** The database lock slot that serialises first creation and rotation across servers. */
    private static final String LOCK = "media-link-keys";
    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Duration RELOAD_ON_MISS = Duration.ofSeconds(1);

    /** An opened key; never printed with its secret. */
    record Key(String id, byte[] secret, Instant created, Instant retiredAt, Instant acceptedUntil) {

        boolean signs() {
            return retiredAt == null;
        }

        /** Whether a link signed with this key is still accepted at {@code now}. */
        boolean accepts(Instant now) {
            return retiredAt == null || (acceptedUntil != null && now.isBefore(acceptedUntil));
        }

        @Override
        public String toString() {
            return "Key[" + id + "]";
        }
    }

    private record Snapshot(List<Key> keys, Instant loaded) {
    }

    private final MediaManager manager;
    private final SecretBox box;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Snapshot snapshot;

    public LinkKeys(MediaManager manager, SecretBox box, Clock clock) {
        this.manager = manager;
        this.box = box;
        this.clock = clock;
    }

    /** The key that signs now: the newest one not retired, created on first use. */
    Key signing() {
        Optional<Key> current = newestSigning(fresh().keys());
        if (current.isPresent()) {
            return current.get();
        }
        manager.inNewTransaction(() -> {
            manager.lockContent(LOCK);
            if (all().stream().noneMatch(k -> k.getRetiredAt() == null)) {
                manager.insert(newKey(clock.instant()));
            }
            return null;
        });
        return newestSigning(reload().keys())
                .orElseThrow(() -> new IllegalStateException("No link key after creating one"));
    }

    /** A key by id, current, retired or unknown. */
    Optional<Key> find(String keyId) {
        Snapshot known = fresh();
        Optional<Key> key = byId(known, keyId);
        if (key.isEmpty() && Duration.between(known.loaded(), clock.instant()).compareTo(RELOAD_ON_MISS) >= 0) {
            key = byId(reload(), keyId);
        }
        return key;
    }

    /**
     * Makes a new key current. Links signed with any earlier key are accepted for {@code overlap} more at
     * most: the key that signed until now is retired, and keys retired before keep the earlier of their end and
     * this one; keys whose acceptance has ended are removed.
     *
     * @return the new current key's row
     */
    MediaLinkKey rotate(Duration overlap) {
        MediaLinkKey created = manager.inNewTransaction(() -> {
            manager.lockContent(LOCK);
            Instant now = clock.instant();
            Instant until = now.plus(overlap);
            for (MediaLinkKey key : all()) {
                if (key.getRetiredAt() == null) {
                    manager.insert(key.retired(now, until));
                } else if (key.getAcceptedUntil() == null || !now.isBefore(key.getAcceptedUntil())) {
                    manager.remove(key);
                } else if (key.getAcceptedUntil().isAfter(until)) {
                    manager.insert(key.retired(key.getRetiredAt(), until)); // a shorter overlap cuts every earlier key's
                }
            }
            return manager.insert(newKey(now));
        });
        reload();
        return created;
    }

    /** Every key's row (ids and dates; the sealed secrets stay inside this package). */
    List<MediaLinkKey> rows() {
        return all().stream().sorted(Comparator.comparing(MediaLinkKey::getCreated).reversed()).toList();
    }

    private MediaLinkKey newKey(Instant now) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        String id = UUID.randomUUID().toString();
        return new MediaLinkKey(id, box.seal(secret, CONTEXT + id), now);
    }

    private List<MediaLinkKey> all() {
        return manager.query(MediaLinkKey.class, new RecordQuery(Map.of(), RecordQuery.MAX_LIMIT, 0));
    }

    private Snapshot fresh() {
        Snapshot known = snapshot;
        if (known == null || Duration.between(known.loaded(), clock.instant()).compareTo(REFRESH) >= 0) {
            return reload();
        }
        return known;
    }

    private Snapshot reload() {
        Instant now = clock.instant();
        List<Key> keys = all().stream()
                .map(row -> new Key(row.getKeyId(), box.open(row.getSealedSecret(), CONTEXT + row.getKeyId()),
                        row.getCreated(), row.getRetiredAt(), row.getAcceptedUntil()))
                .toList();
        Snapshot loaded = new Snapshot(keys, now);
        snapshot = loaded;
        return loaded;
    }

    private static Optional<Key> byId(Snapshot snapshot, String keyId) {
        return snapshot.keys().stream().filter(k -> k.id().equals(keyId)).findFirst();
    }

    private static Optional<Key> newestSigning(List<Key> keys) {
        return keys.stream().filter(Key::signs)
                .max(Comparator.comparing(Key::created).thenComparing(Key::id));
    }
}
