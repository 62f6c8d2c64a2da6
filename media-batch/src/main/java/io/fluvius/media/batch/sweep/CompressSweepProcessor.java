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
 * compress-sweep's item: the entry re-stored in place with the wanted compression (a move to its own
 * filesystem), verified before the entry is switched. Entries stored that way already are filtered.
 */
@Named("compressSweepProcessor")
@Dependent
public class CompressSweepProcessor extends SwitchedProcessor {

    @Inject
    @BatchProperty(name = JobCatalog.COMPRESS)
    String compress;

    @EJB
    SweepItems items;

    @Override
    protected SweptEntry process(Object item) {
        MediaEntry entry = (MediaEntry) item;
        if (CompressionMethod.parse(compress).orElse(null) == entry.getCompress()) {
            return null;
        }
        return items.move(entry.getId(), entry.getFsKey(), compress)
                .map(moved -> new SweptEntry(entry.getId(), moved.getStoredLength()))
                .orElse(null); // deleted meanwhile
    }
}
