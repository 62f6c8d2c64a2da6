package io.fluvius.media.batch.gc;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import io.fluvius.media.batch.JobCatalog;
import io.fluvius.media.core.ledger.GarbageReport;
import io.fluvius.media.ejb.MediaCore;
import io.fluvius.media.ejb.jobs.JobCounts;
import io.fluvius.media.ejb.jobs.JobJournal;

/**
 * orphan-gc: the ledger's garbage collection ({@code MediaInterface.collectGarbage}) with the job's grace period.
 * One step, because the collection already walks the ledger a page at a time in short transactions of its own
 * and deletes bytes only after each commits: a run that stops half-way leaves nothing to redo, and a restart
 * simply collects what is left. What it removed becomes the execution's counts.
 */
@Named("orphanGcBatchlet")
@Dependent
public class OrphanGcBatchlet extends AbstractBatchlet {

    private static final Logger LOG = Logger.getLogger(OrphanGcBatchlet.class);

    @Inject
    @BatchProperty(name = JobCatalog.GRACE)
    String grace;

    @Inject
    JobContext job;

    @Inject
    MediaCore core;

    @EJB
    JobJournal journal;

    @Override
    public String process() {
        GarbageReport report = core.media().collectGarbage(JobCatalog.parseDuration(grace));
        journal.count(job.getExecutionId(), job.getInstanceId(), job.getJobName(), new JobCounts(report.bytesRemoved(),
                report.blobsRemoved(), report.uploadsRemoved(), report.pinsExpired(), report.failures()));
        LOG.infof("orphan-gc execution %d (grace %s): %s", job.getExecutionId(), grace, report);
        return report.failures() == 0 ? BatchStatus.COMPLETED.name() : "COMPLETED_WITH_FAILURES";
    }
}
