package io.fluvius.media.batch.sweep;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.fluvius.media.batch.JobCatalog;
import io.fluvius.media.core.EntrySelection;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.ejb.MediaCore;

/**
 * The entries a sweep selects (resource, resource id, filesystem, created after or before), oldest first, a
 * keyset page at a time (one chunk's worth), so that memory stays flat however many there are. Its checkpoint is
 * the position of the last entry read, which the runtime commits with each chunk. Entries a sweep changes keep
 * their position (created, id): none is read twice, and entries created by the sweep itself come last.
 */
@Named("entrySweepReader")
@Dependent
public class EntrySweepReader extends AbstractItemReader {

    @Inject
    @BatchProperty(name = JobCatalog.RESOURCE)
    String resource;

    @Inject
    @BatchProperty(name = JobCatalog.RESOURCE_ID)
    String resourceId;

    @Inject
    @BatchProperty(name = JobCatalog.FILESYSTEM)
    String filesystem;

    @Inject
    @BatchProperty(name = JobCatalog.CREATED_AFTER)
    String createdAfter;

    @Inject
    @BatchProperty(name = JobCatalog.CREATED_BEFORE)
    String createdBefore;

    @Inject
    @BatchProperty(name = JobCatalog.CHUNK_SIZE)
    String chunkSize;

    @Inject
    MediaCore core;

    private final Deque<MediaEntry> page = new ArrayDeque<>();
    private EntrySelection selection;
    private EntryPosition last;
    private boolean exhausted;

    @Override
    public void open(Serializable checkpoint) {
        selection = JobCatalog.selection(resource, resourceId, filesystem, createdAfter, createdBefore);
        last = checkpoint instanceof EntryPosition position ? position : null;
    }

    @Override
    public MediaEntry readItem() {
        if (page.isEmpty() && !exhausted) {
            int size = Integer.parseInt(chunkSize);
            page.addAll(core.media().selectEntries(selection, last == null ? null : last.created(),
                    last == null ? null : last.id(), size));
            exhausted = page.size() < size;
        }
        MediaEntry next = page.poll();
        if (next != null) {
            last = new EntryPosition(next.getCreated(), next.getId());
        }
        return next;
    }

    @Override
    public Serializable checkpointInfo() {
        return last;
    }
}
