package io.fluvius.media.cache;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.infinispan.Cache;

import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.storage.FilesystemLookup;

/**
 * The filesystem registrations, fsKey to {@link MediaFilesystem}, in an Infinispan cache of the server
 * (configure-cache.cli) in front of the database. Keys that are not registered are remembered too (the
 * connection definitions: {@code file} on every put), so the common case never reaches the database.
 * <p>
 * A change of registration drops the key at once and again when the registering transaction ends: a
 * reader that loaded the old row in between, or this transaction's own uncommitted row, is gone after
 * commit and after rollback alike. In {@code standalone-ha.xml} the cache is an invalidation cache, so the
 * drop reaches every node. The cache's expiration bounds whatever slips through.
 */
public class CachedFilesystemLookup implements FilesystemLookup {

    private final Cache<String, Registration> cache;
    private final FilesystemLookup database;
    private final TransactionSynchronizationRegistry transactions;

    /**
     * @param cache        the server's {@code filesystems} cache
     * @param database     where registrations are persisted
     * @param transactions the server's JTA registry, to drop the key again when the transaction ends
     */
    public CachedFilesystemLookup(Cache<String, Registration> cache, FilesystemLookup database,
            TransactionSynchronizationRegistry transactions) {
        this.cache = cache;
        this.database = database;
        this.transactions = transactions;
    }

    @Override
    public Optional<MediaFilesystem> find(String fsKey) {
        Registration cached = cache.get(fsKey);
        if (cached != null) {
            return cached.filesystem();
        }
        Optional<MediaFilesystem> found = database.find(fsKey);
        // Read from the database, not a change: never overwrites a newer value, never invalidates other nodes.
        cache.putForExternalRead(fsKey, Registration.of(found));
        return found;
    }

    @Override
    public void changed(String fsKey) {
        cache.remove(fsKey);
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new DropWhenDone(cache, fsKey));
        }
    }

    /**
     * What the cache holds for one key: a detached copy of the registration as stored, secret parameters sealed
     * (never opened: the cache holds what the row holds), or none. Its fields rather than the entity, because the
     * entity belongs to a persistence context, and serialised it leaves its secret parameters out.
     */
    public record Registration(String fsKey, String protocol, String name, Map<String, String> storedParams,
            Instant created) implements Serializable {

        private static final Registration NONE = new Registration(null, null, null, null, null);

        static Registration of(Optional<MediaFilesystem> found) {
            return found.map(f -> new Registration(f.getFsKey(), f.getProtocol(), f.getName(),
                    new LinkedHashMap<>(f.storedParams()), f.getCreated())).orElse(NONE);
        }

        Optional<MediaFilesystem> filesystem() {
            return fsKey == null ? Optional.empty()
                    : Optional.of(new MediaFilesystem(fsKey, protocol, name, storedParams, created));
        }

        /** Never the parameters' values, sealed though the secret ones are. */
        @Override
        public String toString() {
            return fsKey == null ? "Registration[none]"
                    : "Registration[fsKey=" + fsKey + ", protocol=" + protocol + ", params=" + storedParams.keySet() + "]";
        }
    }

    private record DropWhenDone(Cache<String, Registration> cache, String fsKey) implements Synchronization {

        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            cache.remove(fsKey);
        }
    }
}
