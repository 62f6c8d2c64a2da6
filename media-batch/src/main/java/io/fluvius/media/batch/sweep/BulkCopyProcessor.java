package io.fluvius.media.batch.sweep;

import jakarta.batch.api.BatchProperty;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.fluvius.media.batch.JobCatalog;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.compress.CompressionMethod;

/**
 * bulk-copy's item: a copy of the entry on the destination (a new entry, its {@code sourceId} the original), or
 * with {@code move=true} the entry itself switched to verified bytes there. What is done already (a copy made,
 * an entry on the destination with the wanted compression) is filtered, so a re-run or a restarted chunk skips it.
 */
@Named("bulkCopyProcessor")
@Dependent
public class BulkCopyProcessor extends SwitchedProcessor {

    @Inject
    @BatchProperty(name = JobCatalog.DESTINATION)
    String destination;

    @Inject
    @BatchProperty(name = JobCatalog.MOVE)
    String move;

    @Inject
    @BatchProperty(name = JobCatalog.COMPRESS)
    String compress;

    @EJB
    SweepItems items;

    @Override
    protected SweptEntry process(Object item) {
        MediaEntry entry = (MediaEntry) item;
        String wanted = JobCatalog.blankToNull(compress);
        CompressionMethod compression = wanted == null ? entry.getCompress() : CompressionMethod.parse(wanted).orElse(null);
        if (destination.equals(entry.getFsKey()) && (Boolean.parseBoolean(move) ? compression == entry.getCompress()
                : wanted == null)) {
            return null; // there already
        }
        return (Boolean.parseBoolean(move) ? items.move(entry.getId(), destination, wanted)
                : items.copyOnce(entry.getId(), destination, wanted))
                .map(done -> new SweptEntry(entry.getId(), done.getStoredLength()))
                .orElse(null); // deleted meanwhile, or copied before
    }
}
