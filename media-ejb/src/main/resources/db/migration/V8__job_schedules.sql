-- Fluvius Media, schema version 8: the schedules of the batch jobs (media-batch's JobScheduler). The timers
-- themselves are persistent EJB timers in the server's database timer store (configure-schedules.cli), in a table
-- of WildFly's own; this one holds, per job, what the nodes agree on. Portable SQL, as V1.
--
-- One row per job that was ever scheduled, created when a node first reconciles that job. A node that reconciles
-- a job's schedule with its timers (at every start) locks the job's row first (SELECT ... FOR UPDATE), so nodes
-- that start together take turns and the timer is created once. expression: the schedule in force (canonical,
-- as JobSchedule writes it), NULL when it is off. A firing starts the job only after it claims the row: it moves
-- next_fire forward to the timer's next timeout, which only one delivery of a firing can do; fired_on,
-- fired_at and execution_id say which node claimed the last firing, when, and what execution it started.
CREATE TABLE media_job_schedule (
    job_name     VARCHAR(64)                 NOT NULL,
    expression   VARCHAR(200),
    updated      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    next_fire    TIMESTAMP(6) WITH TIME ZONE,
    fired_on     VARCHAR(255),
    fired_at     TIMESTAMP(6) WITH TIME ZONE,
    execution_id BIGINT,
    CONSTRAINT pk_media_job_schedule PRIMARY KEY (job_name)
);
