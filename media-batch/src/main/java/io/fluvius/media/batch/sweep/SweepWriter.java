package io.fluvius.media.batch.sweep;

import java.util.List;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.fluvius.media.ejb.jobs.JobCounts;
import io.fluvius.media.ejb.jobs.JobJournal;

/**
 * Records the bytes a chunk of bulk-copy or compress-sweep wrote, in the chunk's transaction: they commit with its
 * checkpoint, so a restart neither loses nor repeats them. The items themselves committed already, each in its
 * own transaction.
 */
@Named("sweepWriter")
@Dependent
public class SweepWriter extends AbstractItemWriter {

    @Inject
    JobContext job;

    @EJB
    JobJournal journal;

    @Override
    public void writeItems(List<Object> items) {
        long bytes = items.stream().mapToLong(item -> ((SweptEntry) item).bytesWritten()).sum();
        journal.count(job.getExecutionId(), job.getInstanceId(), job.getJobName(), JobCounts.bytes(bytes));
    }
}
