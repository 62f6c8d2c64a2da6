package io.fluvius.media.ejb.jobs;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** One finding as stored (table {@code media_job_finding}). */
@Entity
@Table(name = "media_job_finding", indexes = {
        @Index(name = "ix_media_job_finding_instance", columnList = "instance_id, created, id")})
public class JobFindingRecord {

    static final int MAX_ENTRY_IDS = 100;
    private static final int MAX_DETAIL = 2000;

    @Id
    private UUID id;
    @Column(name = "instance_id", nullable = false)
    private long instanceId;
    @Column(name = "execution_id", nullable = false)
    private long executionId;
    @Column(nullable = false, length = 16)
    private String kind;
    @Column(name = "blob_id")
    private UUID blobId;
    @Column(name = "entry_ids", length = 4000)
    private String entryIds;
    @Column(length = MAX_DETAIL)
    private String detail;
    @Column(nullable = false)
    private Instant created;

    /** For JPA only. */
    protected JobFindingRecord() {
    }

    JobFindingRecord(long instanceId, long executionId, JobFinding finding, Instant now) {
        this.id = UUID.randomUUID();
        this.instanceId = instanceId;
        this.executionId = executionId;
        this.kind = finding.kind();
        this.blobId = finding.blobId();
        this.entryIds = finding.entryIds() == null || finding.entryIds().isEmpty() ? null
                : finding.entryIds().stream().limit(MAX_ENTRY_IDS).map(UUID::toString).collect(Collectors.joining(","));
        this.detail = finding.detail() == null || finding.detail().length() <= MAX_DETAIL ? finding.detail()
                : finding.detail().substring(0, MAX_DETAIL);
        this.created = now;
    }

    JobFinding toFinding() {
        List<UUID> ids = entryIds == null ? List.of() : Arrays.stream(entryIds.split(",")).map(UUID::fromString).toList();
        return new JobFinding(kind, blobId, ids, detail);
    }
}
