package io.fluvius.media.batch.verify;

import java.util.List;
import java.util.Objects;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import io.fluvius.media.ejb.jobs.JobCounts;
import io.fluvius.media.ejb.jobs.JobFinding;
import io.fluvius.media.ejb.jobs.JobJournal;

/**
 * Records a chunk's findings and bytes read, in the chunk's transaction: they commit with its checkpoint, so a
 * restart after a failed chunk neither loses nor repeats one.
 */
@Named("verifySweepWriter")
@Dependent
public class VerifySweepWriter extends AbstractItemWriter {

    private static final Logger LOG = Logger.getLogger(VerifySweepWriter.class);

    @Inject
    JobContext job;

    @EJB
    JobJournal journal;

    @Override
    public void writeItems(List<Object> items) {
        long bytes = 0;
        for (Object item : items) {
            bytes += ((VerifiedBlob) item).bytesRead();
        }
        List<JobFinding> findings = items.stream().map(item -> ((VerifiedBlob) item).finding())
                .filter(Objects::nonNull).toList();
        for (JobFinding finding : findings) {
            LOG.warnf("verify-sweep execution %d: blob %s is %s (entries %s): %s", job.getExecutionId(),
                    finding.blobId(), finding.kind(), finding.entryIds(), finding.detail());
        }
        journal.record(job.getExecutionId(), job.getInstanceId(), findings);
        journal.count(job.getExecutionId(), job.getInstanceId(), job.getJobName(), JobCounts.bytes(bytes));
    }
}
