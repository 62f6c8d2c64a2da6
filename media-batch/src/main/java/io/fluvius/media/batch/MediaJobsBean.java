package io.fluvius.media.batch;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Local;
import jakarta.ejb.Remote;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;

import org.jboss.logging.Logger;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.records.RecordQuery;
import io.fluvius.media.ejb.MediaCore;
import io.fluvius.media.ejb.MediaRole;
import io.fluvius.media.ejb.Requires;
import io.fluvius.media.ejb.RoleGuard;
import io.fluvius.media.ejb.jobs.JobCounts;
import io.fluvius.media.batch.lease.LeaseKeeper;
import io.fluvius.media.ejb.jobs.JobExecution;
import io.fluvius.media.ejb.jobs.JobFinding;
import io.fluvius.media.ejb.jobs.JobJournal;
import io.fluvius.media.ejb.jobs.JobPage;
import io.fluvius.media.ejb.jobs.JobProgress;
import io.fluvius.media.ejb.jobs.MediaJobs;
import io.fluvius.media.ejb.jobs.MediaJobsRemote;

/**
 * {@link MediaJobs} on the server's batch runtime (JBeret). It lives in this module so that the runtime finds
 * the job XMLs in this module's {@code META-INF/batch-jobs}. Statuses, parameters and step metrics are read from
 * the job repository's tables (JDBC, in the product's database: configure-batch.cli; {@link StoredExecutions});
 * counts and findings from {@link JobJournal}. Every execution it starts is leased ({@link LeaseKeeper}) from its
 * creation. No transaction of the caller's is joined: the runtime keeps its repository itself.
 */
@Stateless
@Local(MediaJobs.class)
@Remote(MediaJobsRemote.class)
@DeclareRoles({"media-reader", "media-writer", "media-admin"})
@PermitAll // the container lets every caller in; RoleGuard refuses with the product's own exception
@Interceptors(RoleGuard.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MediaJobsBean implements MediaJobsRemote {

    private static final Logger LOG = Logger.getLogger(MediaJobsBean.class);
    /** The most findings one execution view carries. */
    private static final int MAX_FINDINGS = 1000;
    private static final StoredExecutions EXECUTIONS = new StoredExecutions(JobCatalog.JOB_NAMES);
    private static final Set<BatchStatus> RUNNING = EnumSet.of(BatchStatus.STARTING, BatchStatus.STARTED,
            BatchStatus.STOPPING);

    @EJB
    JobJournal journal;

    @Inject
    MediaCore core;
    @EJB
    LeaseKeeper leases;

    @Resource(lookup = "java:jboss/datasources/MediaDS")
    DataSource dataSource;

    @Override
    @Requires(MediaRole.ADMIN)
    public JobExecution start(String jobName, Map<String, String> params) {
        Map<String, String> checked = JobCatalog.validate(jobName, params);
        for (String parameter : JobCatalog.FILESYSTEM_PARAMETERS) {
            String fsKey = checked.get(parameter);
            if (fsKey != null) {
                requireFilesystem(parameter, fsKey);
            }
        }
        long id = operator().start(jobName, JobCatalog.properties(checked));
        hold(id);
        return summary(id);
    }

    @Override
    @Requires(MediaRole.ADMIN)
    public List<JobExecution> list(int limit, long offset) {
        return page(limit, offset, null).items();
    }

    @Override
    @Requires(MediaRole.ADMIN)
    public JobPage page(int limit, long offset, String cursor) {
        if (limit < 0 || offset < 0) {
            throw new InvalidMediaRequestException("limit and offset must not be negative, were " + limit + " and "
                    + offset);
        }
        int pageSize = limit == 0 ? RecordQuery.DEFAULT_LIMIT : Math.min(limit, RecordQuery.MAX_LIMIT);
        Long before = null;
        long start = offset;
        if (cursor != null && !cursor.isBlank()) {
            if (offset != 0) {
                throw new InvalidMediaRequestException("Give either offset or cursor, not both");
            }
            ExecutionCursor position = ExecutionCursor.decode(cursor);
            before = position.lastExecutionId();
            start = position.offset();
        }
        List<StoredExecution> found;
        boolean more;
        Map<Long, StoredExecution.StepTotals> totals;
        try (Connection connection = dataSource.getConnection()) {
            // One row beyond the page tells whether another page follows, without a second query.
            found = EXECUTIONS.newestFirst(connection, before, before == null ? offset : 0, pageSize + 1);
            more = found.size() > pageSize;
            if (more) {
                found = found.subList(0, pageSize);
            }
            totals = EXECUTIONS.stepTotals(connection, found.stream().map(StoredExecution::executionId).toList());
        } catch (SQLException e) {
            throw repositoryUnreadable(e);
        }
        Map<Long, JobCounts> counts = journal.counts(found.stream().map(StoredExecution::executionId).toList());
        List<JobExecution> items = found.stream().map(execution -> view(execution,
                totals.getOrDefault(execution.executionId(), StoredExecution.StepTotals.NONE),
                counts.getOrDefault(execution.executionId(), JobCounts.NONE), List.of())).toList();
        String next = more ? new ExecutionCursor(items.get(items.size() - 1).executionId(), start + pageSize).encode()
                : null;
        return new JobPage(items, pageSize, start, next);
    }

    @Override
    @Requires(MediaRole.ADMIN)
    public JobExecution get(long executionId) {
        StoredExecution execution;
        StoredExecution.StepTotals totals;
        try (Connection connection = dataSource.getConnection()) {
            execution = EXECUTIONS.find(connection, executionId)
                    .orElseThrow(() -> MediaNotFoundException.jobExecution(executionId));
            totals = EXECUTIONS.stepTotals(connection, List.of(executionId))
                    .getOrDefault(executionId, StoredExecution.StepTotals.NONE);
        } catch (SQLException e) {
            throw repositoryUnreadable(e);
        }
        return view(execution, totals, journal.counts(executionId).orElse(JobCounts.NONE),
                journal.findings(execution.instanceId(), MAX_FINDINGS));
    }

    @Override
    @Requires(MediaRole.ADMIN)
    public JobExecution stop(long executionId) {
        JobOperator operator = operator();
        try {
            operator.stop(executionId);
        } catch (NoSuchJobExecutionException e) {
            throw MediaNotFoundException.jobExecution(executionId);
        } catch (JobExecutionNotRunningException e) {
            throw new InvalidMediaRequestException("media.job-not-running",
                    "Job execution " + executionId + " is not running");
        }
        return summary(executionId);
    }

    @Override
    @Requires(MediaRole.ADMIN)
    public JobExecution restart(long executionId) {
        JobOperator operator = operator();
        long restarted;
        try {
            BatchStatus status = operator.getJobExecution(executionId).getBatchStatus();
            if (RUNNING.contains(status)) {
                // The batch runtime would take an execution it does not run itself for crashed, and restart it,
                // even one that another server runs: only a lease that ran out says that it is dead.
                throw new InvalidMediaRequestException("media.job-not-restartable", "Job execution " + executionId
                        + " cannot be restarted: it is " + status + ". If its server died, it is marked FAILED once"
                        + " its lease runs out (media.jobs.lease, " + leases.period().length() + ")");
            }
            restarted = operator.restart(executionId, JobCatalog.restartParameters(operator.getParameters(executionId)));
        } catch (NoSuchJobExecutionException e) {
            throw MediaNotFoundException.jobExecution(executionId);
        } catch (JobExecutionAlreadyCompleteException | JobExecutionNotMostRecentException e) {
            throw new InvalidMediaRequestException("media.job-not-restartable", "Job execution " + executionId
                    + " cannot be restarted: only the latest execution of a stopped or failed job can");
        } catch (JobRestartException e) {
            throw new InvalidMediaRequestException("media.job-not-restartable", "Job execution " + executionId
                    + " cannot be restarted: " + e.getMessage());
        }
        hold(restarted);
        return summary(restarted);
    }

    /** A job that names a filesystem nobody registered is refused before it starts, as any bad parameter. */
    private void requireFilesystem(String parameter, String fsKey) {
        try (MediaConnection ignored = core.media().getFilesystem(fsKey)) {
            // known: registered, or a connection definition of the resource adapter
        } catch (MediaNotFoundException e) {
            throw new InvalidMediaRequestException("media.invalid-job-parameter", "The parameter '" + parameter
                    + "' names the filesystem '" + fsKey + "', which is not registered");
        }
    }

    /**
     * Holds the lease of an execution from its creation, while it may still wait for a batch thread; its listener
     * holds it again when it begins. Should this fail, the listener still takes it.
     */
    private void hold(long executionId) {
        try {
            leases.hold(executionId);
        } catch (RuntimeException e) {
            LOG.warnf("Job execution %d: its lease is taken when it begins to run, not now: %s", executionId,
                    e.toString());
        }
    }

    private static IllegalStateException repositoryUnreadable(SQLException e) {
        return new IllegalStateException("The job repository (JOB_EXECUTION in MediaDS, configure-batch.cli) cannot be"
                + " read: " + e.getMessage(), e);
    }

    private JobExecution summary(long executionId) {
        jakarta.batch.runtime.JobExecution execution = operator().getJobExecution(executionId);
        return JobExecution.started(executionId, execution.getJobName(), execution.getBatchStatus().name(),
                parameters(execution.getJobParameters()));
    }

    private static JobExecution view(StoredExecution execution, StoredExecution.StepTotals steps, JobCounts counts,
                                     List<JobFinding> findings) {
        var progress = new JobProgress(steps.readCount(), steps.writeCount(), steps.skipCount(), steps.filterCount(),
                steps.commitCount(), counts.bytes(), counts.blobsRemoved(), counts.uploadsRemoved(),
                counts.pinsExpired(), counts.failures());
        return new JobExecution(execution.executionId(), execution.jobName(), execution.status(),
                execution.exitStatus(), execution.createTime(), execution.startTime(), execution.endTime(),
                execution.parameters(), progress, findings);
    }

    private static Map<String, String> parameters(Properties properties) {
        var map = new TreeMap<String, String>();
        if (properties != null) {
            properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        }
        return map;
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
