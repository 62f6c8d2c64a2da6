package io.fluvius.media.batch.verify;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.fluvius.media.batch.JobCatalog;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.ejb.MediaCore;

/**
 * Every blob of the ledger by id, a keyset page at a time (one chunk's worth), so that memory stays flat
 * however many there are. Its checkpoint is the last id read, which the runtime commits with each chunk.
 */
@Named("verifySweepReader")
@Dependent
public class VerifySweepReader extends AbstractItemReader {

    @Inject
    @BatchProperty(name = JobCatalog.CHUNK_SIZE)
    String chunkSize;

    @Inject
    MediaCore core;

    private final Deque<UUID> page = new ArrayDeque<>();
    private UUID last;
    private boolean exhausted;

    @Override
    public void open(Serializable checkpoint) {
        last = checkpoint instanceof VerifySweepCheckpoint c ? c.lastBlobId() : null;
    }

    @Override
    public UUID readItem() {
        if (page.isEmpty() && !exhausted) {
            int size = Integer.parseInt(chunkSize);
            for (MediaBlob blob : core.media().listBlobs(last, size)) {
                page.add(blob.getId());
            }
            exhausted = page.size() < size;
        }
        UUID next = page.poll();
        if (next != null) {
            last = next;
        }
        return next;
    }

    @Override
    public Serializable checkpointInfo() {
        return new VerifySweepCheckpoint(last);
    }
}
