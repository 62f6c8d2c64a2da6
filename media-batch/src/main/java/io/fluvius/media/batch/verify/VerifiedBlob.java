package io.fluvius.media.batch.verify;

import java.io.Serializable;

import io.fluvius.media.ejb.jobs.JobFinding;

/** One blob checked: the stored bytes read, and what was wrong with it ({@code null} when intact). */
public record VerifiedBlob(long bytesRead, JobFinding finding) implements Serializable {
}
