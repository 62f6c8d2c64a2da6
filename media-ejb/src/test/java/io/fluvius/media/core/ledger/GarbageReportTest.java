package io.fluvius.media.core.ledger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.records.NullMediaManager;
import io.fluvius.media.core.storage.LocalDriver;

/** A report is empty only when its run did nothing at all: the timer logs every other run. */
class GarbageReportTest {

    @TempDir
    Path dataDir;

    @Test
    void aCollectionWithNothingToCollectIsEmptyAndOneThatRemovedABlobIsNot() {
        MediaInterface media = new MediaInterface(MediaSettings.DEFAULTS, new NullMediaManager(),
                LocalDriver.connectionFactory(dataDir, "file"));
        assertTrue(media.collectGarbage(Duration.ZERO).isEmpty());

        media.delete(media.put(new byte[]{1, 2, 3}, PutOptions.named("gone.bin")).getId());

        assertFalse(media.collectGarbage(Duration.ZERO).isEmpty());
    }

    @Test
    void anyCountAboveZeroMakesTheReportNotEmpty() {
        for (int field = 0; field < 6; field++) {
            long[] counts = new long[6];
            counts[field] = 1;
            GarbageReport report = new GarbageReport(counts[0], counts[1], counts[2], counts[3], counts[4],
                    counts[5]);
            assertFalse(report.isEmpty(), report::toString);
        }
    }
}
