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
import io.fluvius.media.ejb.MediaCore;

/**
 * The content hashes that more than one blob holds, in hash order, a page at a time (a grouped scan of the
 * ledger's content index, never the ledger in memory). Its checkpoint is the last hash read.
 */
@Named("duplicateContentReader")
@Dependent
public class DuplicateContentReader extends AbstractItemReader {

    @Inject
    @BatchProperty(name = JobCatalog.CHUNK_SIZE)
    String chunkSize;

    @Inject
    MediaCore core;

    private final Deque<String> page = new ArrayDeque<>();
    private String last;
    private boolean exhausted;

    @Override
    public void open(Serializable checkpoint) {
        last = checkpoint instanceof String hash ? hash : null;
    }

    @Override
    public String readItem() {
        if (page.isEmpty() && !exhausted) {
            int size = Integer.parseInt(chunkSize);
            page.addAll(core.media().duplicatedContents(last, size));
            exhausted = page.size() < size;
        }
        String next = page.poll();
        if (next != null) {
            last = next;
        }
        return next;
    }

    @Override
    public Serializable checkpointInfo() {
        return last;
    }
}
