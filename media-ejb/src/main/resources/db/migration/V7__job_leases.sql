-- Fluvius Media, schema version 7: the leases of running batch executions (media-batch, README "Batch jobs").
-- The job repository (JBeret's JOB_EXECUTION, configure-batch.cli) keeps an execution STARTED when the server
-- running it dies; a lease, renewed by that server while the execution runs, tells every other server when it
-- stopped doing so, and then one of them marks the execution FAILED so that it can be restarted. Portable SQL, as V1.

-- One row per execution of the product's jobs that runs or ran on some server.
--   holder_node, holder_boot  the server running it (jboss.node.name) and that server's start (a fresh id each
--                             time the application starts: a lease of this node under another boot id is dead);
--                             null when the execution never had a lease (its server died as it started it)
--   lease_until               when the lease runs out unless renewed
--   failed_at, failed_by      set when a server (failed_by, its node name) marked the execution FAILED because the
--                             lease ran out; the row then stays, so that the execution never runs again as it is
--                             (its listener refuses it), however late a queued start of it comes
-- Rows of executions that ended normally are deleted once the repository shows their end.
CREATE TABLE media_job_lease (
    execution_id BIGINT                      NOT NULL,
    holder_node  VARCHAR(255),
    holder_boot  VARCHAR(36),
    lease_until  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    failed_at    TIMESTAMP(6) WITH TIME ZONE,
    failed_by    VARCHAR(255),
    CONSTRAINT pk_media_job_lease PRIMARY KEY (execution_id)
);
