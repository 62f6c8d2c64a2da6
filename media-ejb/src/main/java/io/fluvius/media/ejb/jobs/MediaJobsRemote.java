package io.fluvius.media.ejb.jobs;

/** {@link MediaJobs} for remote EJB clients: the same operations, the same role. */
public interface MediaJobsRemote extends MediaJobs {
}
