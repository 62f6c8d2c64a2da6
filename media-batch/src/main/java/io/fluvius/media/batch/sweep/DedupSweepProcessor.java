package io.fluvius.media.batch.sweep;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import io.fluvius.media.core.sweep.MergeReport;

/**
 * dedup-sweep's item: the duplicates of one content merged, filesystem by filesystem and compression by
 * compression. A content whose blobs lie on different filesystems or compressions has nothing to merge and is
 * filtered; so is one merged already (a restarted chunk).
 */
@Named("dedupSweepProcessor")
@Dependent
public class DedupSweepProcessor extends SwitchedProcessor {

    @EJB
    SweepItems items;

    @Override
    protected MergedContent process(Object item) {
        String hash = (String) item;
        MergeReport report = items.merge(hash);
        return report.isEmpty() ? null : new MergedContent(hash, report);
    }
}
