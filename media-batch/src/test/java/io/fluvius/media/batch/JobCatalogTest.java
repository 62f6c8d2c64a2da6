package io.fluvius.media.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaNotImplementedException;

class JobCatalogTest {

    @Test
    void defaultsAreFilledIn() {
        assertEquals(Map.of("grace", "PT1H"), JobCatalog.validate("orphan-gc", Map.of()));
        assertEquals(Map.of("chunkSize", "100"), JobCatalog.validate("verify-sweep", null));
    }

    @Test
    void graceTakesSecondsOrIso8601() {
        assertEquals(Map.of("grace", "PT0S"), JobCatalog.validate("orphan-gc", Map.of("grace", "0")));
        assertEquals(Map.of("grace", "PT10M"), JobCatalog.validate("orphan-gc", Map.of("grace", "PT10M")));
        assertEquals(Duration.ofSeconds(90), JobCatalog.parseDuration("90"));
    }

    @Test
    void badGraceIsRefusedWithTheParameterCode() {
        for (String bad : new String[] {"soon", "-5", "PT-1S", ""}) {
            var e = assertThrows(InvalidMediaRequestException.class,
                    () -> JobCatalog.validate("orphan-gc", Map.of("grace", bad)), bad);
            assertEquals("media.invalid-job-parameter", e.code());
        }
    }

    @Test
    void chunkSizeMustBeFromOneToAThousand() {
        assertEquals(Map.of("chunkSize", "7"), JobCatalog.validate("verify-sweep", Map.of("chunkSize", " 7 ")));
        for (String bad : new String[] {"0", "1001", "ten"}) {
            assertThrows(InvalidMediaRequestException.class,
                    () -> JobCatalog.validate("verify-sweep", Map.of("chunkSize", bad)), bad);
        }
    }

    @Test
    void unknownParameterIsRefusedAndNamesTheKnownOnes() {
        var e = assertThrows(InvalidMediaRequestException.class,
                () -> JobCatalog.validate("orphan-gc", Map.of("gracePeriod", "0")));
        assertEquals("media.invalid-job-parameter", e.code());
        assertEquals(true, e.getMessage().contains("grace"), e.getMessage());
    }

    @Test
    void unknownJobAndJobsNotBuiltYet() {
        assertEquals("media.unknown-job", assertThrows(InvalidMediaRequestException.class,
                () -> JobCatalog.validate("defragment", Map.of())).code());
        assertEquals("media.not-implemented", assertThrows(MediaNotImplementedException.class,
                () -> JobCatalog.validate("bulk-copy", Map.of())).code());
    }

    @Test
    void theTestFailureSwitchIsCheckedAndBlankedOnRestart() {
        assertEquals(Map.of("chunkSize", "2", "failAtItem", "5"),
                JobCatalog.validate("verify-sweep", Map.of("chunkSize", "2", "failAtItem", "5")));
        assertThrows(InvalidMediaRequestException.class,
                () -> JobCatalog.validate("verify-sweep", Map.of("failAtItem", "0")));
        var original = JobCatalog.properties(Map.of("chunkSize", "2", "failAtItem", "5"));
        assertEquals(JobCatalog.properties(Map.of("chunkSize", "2", "failAtItem", "")),
                JobCatalog.restartParameters(original));
    }
}
