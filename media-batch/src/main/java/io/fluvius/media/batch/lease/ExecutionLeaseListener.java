package io.fluvius.media.batch.lease;

import jakarta.batch.api.listener.JobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Takes the lease of an execution as it begins to run and lets it go when it ends ({@link LeaseKeeper}), so that
 * an execution whose server dies is marked FAILED and can be restarted. Every job of the product lists it:
 * <pre>
 * &lt;listeners&gt;&lt;listener ref="executionLease"/&gt;&lt;/listeners&gt;
 * </pre>
 * An execution that a server marked FAILED for its lease (it waited to run longer than a lease on a server that
 * could not renew it) is refused here, before any step: it fails rather than run beside its restart.
 */
@Named("executionLease")
@Dependent
public class ExecutionLeaseListener implements JobListener {

    @Inject
    JobContext job;

    @EJB
    LeaseKeeper leases;

    @Override
    public void beforeJob() {
        leases.hold(job.getExecutionId());
    }

    @Override
    public void afterJob() {
        leases.release(job.getExecutionId());
    }
}
