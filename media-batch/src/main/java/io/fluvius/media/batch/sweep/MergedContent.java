package io.fluvius.media.batch.sweep;

import java.io.Serializable;

import io.fluvius.media.core.sweep.MergeReport;

/** One content whose duplicates dedup-sweep merged, and what it did. */
public record MergedContent(String contentHash, MergeReport report) implements Serializable {
}
