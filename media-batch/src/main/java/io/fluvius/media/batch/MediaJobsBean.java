package io.fluvius.media.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.Metric;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.batch.runtime.StepExecution;
import jakarta.ejb.EJB;
import jakarta.ejb.Local;
import jakarta.ejb.Remote;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.records.RecordQuery;
import io.fluvius.media.ejb.MediaCore;
import io.fluvius.media.ejb.MediaRole;
import io.fluvius.media.ejb.Requires;
import io.fluvius.media.ejb.RoleGuard;
import io.fluvius.media.ejb.jobs.JobCounts;
import io.fluvius.media.ejb.jobs.JobExecution;
import io.fluvius.media.ejb.jobs.JobJournal;
import io.fluvius.media.ejb.jobs.JobProgress;
import io.fluvius.media.ejb.jobs.MediaJobs;
import io.fluvius.media.ejb.jobs.MediaJobsRemote;

/**
 * {@link MediaJobs} on the server's batch runtime (JBeret). It lives in this module so that the runtime finds
 * the job XMLs in this module's {@code META-INF/batch-jobs}. Statuses, parameters and checkpoints come from the
 * job repository (JDBC, in the product's database: configure-batch.cli); counts and findings from
 * {@link JobJournal}. No transaction of the caller's is joined: the runtime keeps its repository itself.
 */
@Stateless
@Local(MediaJobs.class)
@Remote(MediaJobsRemote.class)
@DeclareRoles({"media-reader", "media-writer", "media-admin"})
@PermitAll // the container lets every caller in; RoleGuard refuses with the product's own exception
@Interceptors(RoleGuard.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MediaJobsBean implements MediaJobsRemote {

    /** The most findings one execution view carries. */
    private static final int MAX_FINDINGS = 1000;

    @EJB
    JobJournal journal;

    @Inject
    MediaCore core;

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
        return summary(id);
    }

    @Override
    @Requires(MediaRole.ADMIN)
    public List<JobExecution> list(int limit, long offset) {
        if (limit < 0 || offset < 0) {
            throw new InvalidMediaRequestException("limit and offset must not be negative, were " + limit + " and "
                    + offset);
        }
        int pageSize = limit == 0 ? RecordQuery.DEFAULT_LIMIT : Math.min(limit, RecordQuery.MAX_LIMIT);
        JobOperator operator = operator();
        // Executions are few (one per run of a job): the ids of all of them, newest first, then one page of views.
        var ids = new ArrayList<Long>();
        for (String jobName : JobCatalog.JOB_NAMES) {
            int count;
            try {
                count = operator.getJobInstanceCount(jobName);
            } catch (NoSuchJobException never) {
                continue;
            }
            for (JobInstance instance : operator.getJobInstances(jobName, 0, count)) {
                operator.getJobExecutions(instance).forEach(e -> ids.add(e.getExecutionId()));
            }
        }
        ids.sort(Comparator.reverseOrder());
        return ids.stream().skip(offset).limit(pageSize).map(id -> view(operator, id, false)).toList();
    }

    @Override
    @Requires(MediaRole.ADMIN)
    public JobExecution get(long executionId) {
        return view(operator(), executionId, true);
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

    private JobExecution summary(long executionId) {
        jakarta.batch.runtime.JobExecution execution = operator().getJobExecution(executionId);
        return JobExecution.started(executionId, execution.getJobName(), execution.getBatchStatus().name(),
                parameters(execution.getJobParameters()));
    }

    private JobExecution view(JobOperator operator, long executionId, boolean withFindings) {
        jakarta.batch.runtime.JobExecution execution;
        JobInstance instance;
        List<StepExecution> steps;
        try {
            execution = operator.getJobExecution(executionId);
            instance = operator.getJobInstance(executionId);
            steps = operator.getStepExecutions(executionId);
        } catch (NoSuchJobExecutionException e) {
            throw MediaNotFoundException.jobExecution(executionId);
        }
        var metrics = new TreeMap<Metric.MetricType, Long>();
        for (StepExecution step : steps) {
            for (Metric metric : step.getMetrics()) {
                metrics.merge(metric.getType(), metric.getValue(), Long::sum);
            }
        }
        JobCounts counts = journal.counts(executionId).orElse(JobCounts.NONE);
        long skips = metrics.getOrDefault(Metric.MetricType.READ_SKIP_COUNT, 0L)
                + metrics.getOrDefault(Metric.MetricType.PROCESS_SKIP_COUNT, 0L)
                + metrics.getOrDefault(Metric.MetricType.WRITE_SKIP_COUNT, 0L);
        var progress = new JobProgress(metrics.getOrDefault(Metric.MetricType.READ_COUNT, 0L),
                metrics.getOrDefault(Metric.MetricType.WRITE_COUNT, 0L), skips,
                metrics.getOrDefault(Metric.MetricType.FILTER_COUNT, 0L),
                metrics.getOrDefault(Metric.MetricType.COMMIT_COUNT, 0L), counts.bytes(), counts.blobsRemoved(),
                counts.uploadsRemoved(), counts.pinsExpired(), counts.failures());
        return new JobExecution(executionId, execution.getJobName(), execution.getBatchStatus().name(),
                execution.getExitStatus(), instant(execution.getCreateTime()), instant(execution.getStartTime()),
                instant(execution.getEndTime()), parameters(execution.getJobParameters()), progress,
                withFindings ? journal.findings(instance.getInstanceId(), MAX_FINDINGS) : List.of());
    }

    private static Map<String, String> parameters(Properties properties) {
        var map = new TreeMap<String, String>();
        if (properties != null) {
            properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        }
        return map;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
