package io.fluvius.media.it.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.records.MediaManagerContract;
import io.fluvius.media.jpa.MediaSchema;

/**
 * The {@link MediaManagerContract} against the production {@code JpaMediaManager}, inside the server on the
 * database the build provisioned it with (H2, and PostgreSQL when the build has one): the same behaviour
 * as the in-memory manager, through the versioned schema. Plus what only the server has: the migrated
 * schema and the second-level cache.
 */
@ExtendWith(ArquillianExtension.class)
class JpaPersistenceIT extends MediaManagerContract {

    @Deployment
    static EnterpriseArchive deployment() {
        return PersistenceDeployment.mediaEarWithTests();
    }

    @Inject
    MediaManager jpa; // TransactionalMediaManager, by its one view

    @Inject
    DatabaseProbe database;

    @Inject
    MediaSchema schema;

    @Override
    protected MediaManager manager() {
        return jpa;
    }

    @Test
    void theDatabaseIsTheOneTheBuildProvisioned() throws Exception {
        String expected;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(PersistenceDeployment.EXPECTED_DATABASE)) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        assertEquals(expected, database.databaseProduct().toLowerCase(Locale.ROOT));
    }

    @Test
    void theSchemaIsTheOneFlywayMigrated() throws Exception {
        String version = schema.version();
        assertNotNull(version, "MediaSchema finished its start-up");
        assertEquals(database.lastMigratedVersion(), version);
    }

    @Test
    void entriesReadBackAreInTheSecondLevelCache() {
        MediaEntry entry = manager().insert(entry("cached", Instant.parse("2026-02-01T00:00:00Z")));
        manager().fetch(MediaEntry.class, entry.getId()).orElseThrow();
        assertTrue(database.isInSecondLevelCache(MediaEntry.class, entry.getId()));
    }

    @Test
    void filesystemsReadBackAreInTheSecondLevelCache() {
        String fsKey = "l2-" + UUID.randomUUID().toString().substring(0, 8);
        manager().insert(new MediaFilesystem(fsKey, "memory", "cached", Map.of(), Instant.now()));
        manager().fetch(MediaFilesystem.class, fsKey).orElseThrow();
        assertTrue(database.isInSecondLevelCache(MediaFilesystem.class, fsKey));
    }
}
