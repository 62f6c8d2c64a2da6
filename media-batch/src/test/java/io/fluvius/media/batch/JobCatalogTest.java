package io.fluvius.media.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fluvius.media.core.InvalidMediaRequestException;

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
    void anUnknownJobIsRefused() {
        assertEquals("media.unknown-job", assertThrows(InvalidMediaRequestException.class,
                () -> JobCatalog.validate("defragment", Map.of())).code());
    }

    @Test
    void bulkCopyNeedsADestinationAndTakesASelection() {
        InvalidMediaRequestException e = assertThrows(InvalidMediaRequestException.class,
                () -> JobCatalog.validate("bulk-copy", Map.of("move", "true")));
        assertEquals("media.invalid-job-parameter", e.code());
        assertTrue(e.getMessage().contains("destination"), e.getMessage());

        assertEquals(Map.of("destination", "archive", "move", "true", "compress", "ZSTD", "resource", "invoice",
                        "createdAfter", "2026-11-01T00:00:00Z", "createdBefore", "2026-12-01T12:00:00Z",
                        "chunkSize", "100"),
                JobCatalog.validate("bulk-copy", Map.of("destination", "archive", "move", "TRUE", "compress", "zst",
                        "resource", "invoice", "createdAfter", "2026-11-01", "createdBefore", "2026-12-01T12:00:00Z")));
        Instant start = Instant.parse("2026-12-02T10:00:00Z");
        assertEquals(Map.of("destination", "archive", "move", "false", "createdBefore", "2026-12-02T10:00:00Z",
                "chunkSize", "100"), JobCatalog.validate("bulk-copy", Map.of("destination", "archive"), start),
                "entries created before the job started, by default");
    }

    @Test
    void badSelectionsAndCompressionsAreRefused() {
        for (Map<String, String> bad : List.of(Map.of("compress", "rar"), Map.of("compress", "zstd", "move", "yes"),
                Map.of("compress", "gzip", "createdAfter", "yesterday"),
                Map.of("compress", "gzip", "createdAfter", "2026-12-02", "createdBefore", "2026-12-01"),
                Map.of("compress", "gzip", "resource", "a\0b"), Map.of("compress", "gzip", "resourceId", "\0"))) {
            assertEquals("media.invalid-job-parameter", assertThrows(InvalidMediaRequestException.class,
                    () -> JobCatalog.validate("compress-sweep", bad), bad::toString).code());
        }
        assertEquals("none", JobCatalog.validate("compress-sweep", Map.of("compress", "none")).get("compress"));
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
