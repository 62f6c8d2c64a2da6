-- Fluvius Media, schema version 6: what batch jobs (media-batch) counted and found, kept by the product so that
-- GET /jobs/{id} shows it after a restart. The batch runtime's own tables (JOB_INSTANCE, JOB_EXECUTION,
-- STEP_EXECUTION, PARTITION_EXECUTION, configure-batch.cli) hold statuses, parameters and checkpoints; these
-- hold the rest, written in each chunk's transaction, so a chunk that rolls back leaves no count or finding
-- and a restart that redoes it counts it once. Portable SQL, as V1.

-- One row per execution that counted something: bytes read or removed, and what garbage collection removed.
CREATE TABLE media_job_run (
    execution_id    BIGINT                      NOT NULL,
    instance_id     BIGINT                      NOT NULL,
    job_name        VARCHAR(64)                 NOT NULL,
    bytes           BIGINT                      NOT NULL,
    blobs_removed   BIGINT                      NOT NULL,
    uploads_removed BIGINT                      NOT NULL,
    pins_expired    BIGINT                      NOT NULL,
    failures        BIGINT                      NOT NULL,
    updated         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_media_job_run PRIMARY KEY (execution_id)
);

-- One row per finding (verify-sweep: a corrupt or missing blob), under the job instance, so that the findings
-- of an execution and of its restarts read as one list. entry_ids: the referencing entries, comma-separated.
CREATE TABLE media_job_finding (
    id           UUID                        NOT NULL,
    instance_id  BIGINT                      NOT NULL,
    execution_id BIGINT                      NOT NULL,
    kind         VARCHAR(16)                 NOT NULL,
    blob_id      UUID,
    entry_ids    VARCHAR(4000),
    detail       VARCHAR(2000),
    created      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_media_job_finding PRIMARY KEY (id)
);
CREATE INDEX ix_media_job_finding_instance ON media_job_finding (instance_id, created, id);
