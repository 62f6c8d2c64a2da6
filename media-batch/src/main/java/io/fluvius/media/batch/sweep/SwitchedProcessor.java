package io.fluvius.media.batch.sweep;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.inject.Inject;

import io.fluvius.media.batch.JobCatalog;

/**
 * A sweep's processor with the test-only failure switch of its job ({@link JobCatalog#FAIL_AT_ITEM}): the n-th
 * item (1-based) of an execution fails, so that a test sees a restart continue from the last checkpoint. Blank
 * (every restart): never.
 */
public abstract class SwitchedProcessor implements ItemProcessor {

    @Inject
    @BatchProperty(name = JobCatalog.FAIL_AT_ITEM)
    String failAtItem;

    private long processed;

    @Override
    public final Object processItem(Object item) throws Exception {
        if (JobCatalog.blankToNull(failAtItem) != null && ++processed == Long.parseLong(failAtItem)) {
            throw new IllegalStateException("Item " + failAtItem + " fails as the job parameters ask");
        }
        return process(item);
    }

    /** The item's work; {@code null} filters it (nothing to do, or done already). */
    protected abstract Object process(Object item) throws Exception;
}
