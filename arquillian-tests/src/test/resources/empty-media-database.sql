-- Empties the PostgreSQL database the tests were given (MEDIA_TEST_POSTGRES_URL): every table of the
-- application, so that the next server migrates a fresh schema. A test server's storage starts empty, and a
-- ledger left by an earlier run would point at bytes that storage never held. Used by the build before the
-- Arquillian run on PostgreSQL and by the server-process tests before they start their servers.
DROP TABLE IF EXISTS media_entry_metadata, media_entry, media_intent, media_blob, media_content_lock, media_link_key,
    media_filesystem_param, media_filesystem, media_job_run, media_job_finding, media_job_schedule, media_job_lease,
    flyway_schema_history CASCADE;
-- The batch runtime's job repository (configure-batch.cli), which JBeret creates in the same database.
DROP TABLE IF EXISTS partition_execution, step_execution, job_execution, job_instance CASCADE;
-- The timers of the jobs' schedules (configure-schedules.cli), which WildFly's database timer store keeps there.
DROP TABLE IF EXISTS jboss_ejb_timer CASCADE;
