package io.fluvius.media.ejb.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class JobFindingRecordTest {

    private static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");

    @Test
    void aFindingReadsBackAsItWasRecorded() {
        var finding = new JobFinding("corrupt", UUID.randomUUID(), List.of(UUID.randomUUID(), UUID.randomUUID()),
                "block 3 differs");

        assertEquals(finding, new JobFindingRecord(7, 9, finding, NOW).toFinding());
    }

    @Test
    void aFindingWithoutEntriesKeepsAnEmptyList() {
        var finding = new JobFinding("missing", UUID.randomUUID(), List.of(), "gone");

        assertEquals(List.of(), new JobFindingRecord(7, 9, finding, NOW).toFinding().entryIds());
    }

    @Test
    void entryIdsAndDetailAreBoundedToTheirColumns() {
        List<UUID> many = Stream.generate(UUID::randomUUID).limit(150).toList();
        var finding = new JobFinding("corrupt", UUID.randomUUID(), many, "x".repeat(5000));

        JobFinding stored = new JobFindingRecord(7, 9, finding, NOW).toFinding();

        assertEquals(many.subList(0, JobFindingRecord.MAX_ENTRY_IDS), stored.entryIds());
        assertEquals(2000, stored.detail().length());
    }
}
