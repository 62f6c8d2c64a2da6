package io.fluvius.media.it.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.naming.InitialContext;

import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.FilesystemExistsException;
import io.fluvius.media.core.FilesystemInfo;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.ejb.MediaServiceLocal;
import io.fluvius.media.it.RealmUser;

/**
 * Filesystems registered at run time through MediaService, and the server's {@code filesystems} cache in
 * front of their registrations: proven with the cache's statistics from the management model, not timing.
 * Each test registers filesystems of its own (memory ones), as the admin user.
 */
@ExtendWith(ArquillianExtension.class)
class FilesystemCacheIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return PersistenceDeployment.mediaEarWithTests();
    }

    @Inject
    MediaServiceLocal media;

    private final String fsKey = "cache-it-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aFilesystemRegisteredAtRunTimeIsReachableInTheSameAndInANewTransaction() throws Exception {
        byte[] content = new byte[4096];
        new Random(20261125L).nextBytes(content);

        inTransaction(() -> {
            media.registerFilesystem(fsKey, "memory", "same transaction", Map.of());
            try (MediaConnection connection = media.getFilesystem(fsKey)) {
                assertEquals(fsKey, connection.fsKey());
                connection.write("probe.bin", new ByteArrayInputStream(content));
            }
            return null;
        });
        inTransaction(() -> {
            assertTrue(media.listFilesystems().stream().anyMatch(f -> f.fsKey().equals(fsKey)),
                    "the registration is committed");
            try (MediaConnection connection = media.getFilesystem(fsKey);
                 InputStream in = connection.read("probe.bin")) {
                assertArrayEquals(content, in.readAllBytes());
            }
            return null;
        });
    }

    @Test
    void lookupsAfterARegistrationReachTheDatabaseOnceThenTheCache() throws Exception {
        inTransaction(() -> media.registerFilesystem(fsKey, "memory", "looked up", Map.of()));

        FilesystemCacheStatistics before = FilesystemCacheStatistics.now();
        connectInNewTransaction();
        FilesystemCacheStatistics first = FilesystemCacheStatistics.now().since(before);
        connectInNewTransaction();
        FilesystemCacheStatistics second = FilesystemCacheStatistics.now().since(before);

        assertEquals(1, first.misses(), "the first lookup is a miss: " + first);
        assertEquals(0, first.hits(), "the first lookup is a miss: " + first);
        assertEquals(1, second.misses(), "the second lookup is a hit: " + second);
        assertEquals(1, second.hits(), "the second lookup is a hit: " + second);
    }

    @Test
    void registeringAKeyAgainWithOtherParametersIsRefusedAndTheRegistrationStands() throws Exception {
        inTransaction(() -> media.registerFilesystem(fsKey, "memory", "first", Map.of()));
        connectInNewTransaction(); // cached now

        Throwable refused = assertThrows(Exception.class,
                () -> inTransaction(() -> media.registerFilesystem(fsKey, "memory", "second", Map.of())));
        while (!(refused instanceof FilesystemExistsException) && refused.getCause() != null) {
            refused = refused.getCause();
        }
        assertEquals("media.filesystem-exists", ((FilesystemExistsException) refused).code(), refused.toString());
        inTransaction(() -> {
            assertEquals("first", media.listFilesystems().stream()
                    .filter(f -> f.fsKey().equals(fsKey)).findFirst().orElseThrow().name());
            return null;
        });
    }

    @Test
    void aRolledBackRegistrationLeavesNothingCached() throws Exception {
        FilesystemCacheStatistics before = FilesystemCacheStatistics.now();
        UserTransaction transaction = InitialContext.doLookup("java:comp/UserTransaction");
        transaction.begin();
        try {
            RealmUser.ADMIN.call(() -> {
                media.registerFilesystem(fsKey, "memory", "rolled back", Map.of());
                media.getFilesystem(fsKey).close(); // caches the uncommitted registration
                return null;
            });
        } finally {
            transaction.rollback();
        }
        FilesystemCacheStatistics rollback = FilesystemCacheStatistics.now().since(before);
        assertEquals(1, rollback.removeHits(), "the key was dropped when the transaction ended: " + rollback);
        inTransaction(() -> {
            assertFalse(media.listFilesystems().stream().anyMatch(f -> f.fsKey().equals(fsKey)),
                    "nothing was committed");
            return null;
        });
    }

    @Test
    void theConnectionDefinitionsAreListedAsServerConfigurationBesideTheRegistrations() throws Exception {
        inTransaction(() -> media.registerFilesystem(fsKey, "memory", "listed", Map.of()));

        List<FilesystemInfo> listed = inTransaction(media::listFilesystems);

        List<String> keys = listed.stream().map(FilesystemInfo::fsKey).toList();
        assertEquals(keys.stream().sorted().toList(), keys, "by key");
        for (String declared : List.of("file", "memory")) {
            FilesystemInfo definition = listed.stream().filter(f -> f.fsKey().equals(declared)).findFirst()
                    .orElseThrow(() -> new AssertionError(declared + " is not listed: " + keys));
            assertEquals(FilesystemInfo.SERVER_CONFIGURATION, definition.origin(), definition.toString());
            assertEquals(declared, definition.protocol());
            assertTrue(definition.params().keySet().stream().noneMatch(MediaFilesystem::isSecret), definition.toString());
        }
        FilesystemInfo registered = inTransaction(() -> media.describeFilesystem(fsKey));
        assertEquals(FilesystemInfo.REGISTERED, registered.origin());
        assertEquals(1, keys.stream().filter(fsKey::equals).count(), "a registration is listed once: " + keys);
        assertEquals(FilesystemInfo.SERVER_CONFIGURATION, inTransaction(() -> media.describeFilesystem("memory")).origin());
    }

    private void connectInNewTransaction() throws Exception {
        inTransaction(() -> {
            media.getFilesystem(fsKey).close();
            return null;
        });
    }

    /** Runs {@code work} as the admin user in a transaction of its own, committed when it returns. */
    private <T> T inTransaction(PrivilegedExceptionAction<T> work) throws Exception {
        UserTransaction transaction = InitialContext.doLookup("java:comp/UserTransaction");
        transaction.begin();
        boolean done = false;
        try {
            T result = RealmUser.ADMIN.call(work);
            done = true;
            return result;
        } finally {
            if (done) {
                transaction.commit();
            } else {
                transaction.rollback();
            }
        }
    }
}
