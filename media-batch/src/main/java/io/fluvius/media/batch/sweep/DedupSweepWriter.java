package io.fluvius.media.batch.sweep;

import java.util.ArrayList;
import java.util.List;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import io.fluvius.media.ejb.MediaCore;
import io.fluvius.media.ejb.jobs.JobCounts;
import io.fluvius.media.ejb.jobs.JobFinding;
import io.fluvius.media.ejb.jobs.JobJournal;

/**
 * Records what a chunk of dedup-sweep merged, in the chunk's transaction: the stored bytes of the merged blobs
 * (garbage collection frees them), and as findings the duplicates that failed verification, with their entries.
 */
@Named("dedupSweepWriter")
@Dependent
public class DedupSweepWriter extends AbstractItemWriter {

    private static final Logger LOG = Logger.getLogger(DedupSweepWriter.class);
    private static final int ENTRY_IDS = 100;

    @Inject
    JobContext job;

    @Inject
    MediaCore core;

    @EJB
    JobJournal journal;

    @Override
    public void writeItems(List<Object> items) {
        long bytes = 0;
        var findings = new ArrayList<JobFinding>();
        for (Object item : items) {
            MergedContent merged = (MergedContent) item;
            bytes += merged.report().bytesFreed();
            for (var blobId : merged.report().corruptBlobs()) {
                findings.add(new JobFinding("corrupt", blobId, core.media().entriesOfBlob(blobId, ENTRY_IDS),
                        "A duplicate of content " + merged.contentHash() + " failed verification; it was not merged"));
            }
            LOG.debugf("dedup-sweep execution %d: content %s: %s", job.getExecutionId(), merged.contentHash(),
                    merged.report());
        }
        journal.record(job.getExecutionId(), job.getInstanceId(), findings);
        journal.count(job.getExecutionId(), job.getInstanceId(), job.getJobName(), JobCounts.bytes(bytes));
    }
}
