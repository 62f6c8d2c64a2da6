package io.fluvius.media.it.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fluvius.media.core.ledger.SharedContentRace;
import io.fluvius.media.ejb.MediaCore;
import io.fluvius.media.it.persistence.TransactionalMediaManager;

/**
 * The race the ledger exists for, in the server on its database (H2, and PostgreSQL in the second run):
 * 8 threads × 300 rounds on one 4 KiB content, each round a put (a third of them declaring the digest, so
 * they reference the stored bytes without sending them), a read of the new entry and a delete of it or of
 * another entry of the content, with garbage collection at a grace period of 0 in a loop beside them. No
 * read may fail, and the ledger's reference count must equal the entries at the end. By default the JVM's
 * content locks are off, so only the database orders the transactions; the option that turns them on is
 * raced too, at 100 rounds a thread.
 */
@ExtendWith(ArquillianExtension.class)
class SharedContentRaceIT {

    private static final int THREADS = 8;
    private static final int ROUNDS = 300;
    private static final int ROUNDS_WITH_CONTENT_LOCKS = 100;

    @Deployment
    static EnterpriseArchive deployment() {
        return LedgerDeployment.mediaEarWithTests();
    }

    @Inject
    MediaCore core;

    @Inject
    TransactionalMediaManager records;

    @Test
    void theDatabaseAloneKeepsTheInvariantsWithTheJvmContentLocksOff() throws Exception {
        assertRaceIsClean(false, ROUNDS);
    }

    @Test
    void sharedContentSurvivesRacingPutsDeletesAndGarbageCollectionWithTheJvmContentLocksOn() throws Exception {
        assertRaceIsClean(true, ROUNDS_WITH_CONTENT_LOCKS);
    }

    private void assertRaceIsClean(boolean contentLocks, int rounds) throws Exception {
        byte[] content = new byte[4096];
        new Random().nextBytes(content); // content of this run only
        var media = core.withSettings(core.settings().withContentLocks(contentLocks));

        long started = System.nanoTime();
        SharedContentRace.Outcome outcome = SharedContentRace.run(media, records, content,
                "race-" + UUID.randomUUID(), THREADS, rounds);
        long millis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("SharedContentRaceIT contentLocks=%s: %s in %d ms%n", contentLocks, outcome, millis);
        assertEquals(List.of(), outcome.failures(), "no put or read failed");
        assertEquals(THREADS * rounds, outcome.puts());
        assertTrue(outcome.collections() > 0, "garbage collection ran beside the race");
        assertTrue(outcome.blobsOfTheContent() <= 1, "one blob of the content at most: " + outcome);
    }
}
