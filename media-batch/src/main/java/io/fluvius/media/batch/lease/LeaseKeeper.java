package io.fluvius.media.batch.lease;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.fluvius.media.batch.JobCatalog;
import io.fluvius.media.batch.StoredExecutions;
import io.fluvius.media.jpa.MediaSchema;

/**
 * The leases of the executions that run on this server, and the watch over everyone's (README "Batch jobs").
 * An execution is held from its start ({@code MediaJobs.start} and {@code restart}, and again by the job listener
 * {@link ExecutionLeaseListener} when it begins to run) until it ends. Every third of {@code media.jobs.lease} a
 * timer of every server renews the leases this server holds, then marks FAILED every execution of the product's
 * jobs that the repository shows running but that runs nowhere any more: its lease ran out, or it belongs to an
 * earlier start of this very node (killed and started again), or it never got a lease within a lease period.
 * Each such execution is marked in one short transaction of its own, under the row lock of its lease, so that two
 * servers never both do it and a renewal that comes meanwhile wins; it can then be restarted from its checkpoint.
 * <p>
 * A server that could not renew for a whole lease (its database unreachable, a long pause) may find its execution
 * marked FAILED by another: it then stops it after the current chunk, and says so in its log.
 */
@Singleton
@Startup
@PermitAll
@ConcurrencyManagement(ConcurrencyManagementType.BEAN) // the state is in concurrent collections; the database orders the rest
@TransactionManagement(TransactionManagementType.BEAN) // each lease operation commits on its own, never in a caller's transaction
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    @Resource(lookup = "java:jboss/datasources/MediaDS")
    DataSource dataSource;

    @Resource
    UserTransaction transaction;

    @Resource
    TimerService timers;

    @EJB
    MediaSchema schema;

    @Inject
    @ConfigProperty(name = "media.jobs.lease", defaultValue = "PT1M")
    String leaseSetting;

    private final Clock clock = Clock.systemUTC();
    private final LeaseTable table = new LeaseTable(JobCatalog.JOB_NAMES);
    /** Executions running on this server: their leases are renewed. */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    /** Executions that ended on this server lately, and when: a late hold of theirs is ignored. */
    private final Map<Long, Instant> released = new ConcurrentHashMap<>();
    /** What a hold of an execution synchronizes on. */
    private final Map<Long, Object> holding = new ConcurrentHashMap<>();
    private final AtomicBoolean watching = new AtomicBoolean();
    private LeasePeriod period;
    private LeaseHolder holder;

    @PostConstruct
    void start() {
        schema.version(); // media_job_lease exists from V7 on
        period = LeasePeriod.parse(leaseSetting);
        indexStepsByExecution();
        holder = LeaseHolder.startingOn(nodeName());
        long every = period.renewEvery().toMillis();
        // The first watch comes at once: executions of an earlier start of this node are known dead already.
        timers.createIntervalTimer(1000, every, new TimerConfig("media job leases", false));
        LOG.infof("Job execution leases of %s (media.jobs.lease), renewed every %s; this server holds them as %s",
                period.length(), period.renewEvery(), holder);
    }

    /** For the listing of executions (and the batch runtime's own reads): see StoredExecutions. No transaction: DDL. */
    private void indexStepsByExecution() {
        try (Connection connection = dataSource.getConnection()) {
            if (StoredExecutions.indexStepsByExecution(connection)) {
                LOG.infof("The job repository's STEP_EXECUTION is now indexed by execution id");
            }
        } catch (SQLException e) {
            LOG.warnf("The job repository's STEP_EXECUTION could not be indexed by execution id (%s): listing"
                    + " executions reads all of it", e.getMessage());
        }
    }

    /**
     * Takes the lease of an execution that runs (or is about to run) on this server, unless it is held here
     * already or ended here lately.
     *
     * @throws IllegalStateException when the execution was marked FAILED because its lease ran out: it must not run
     */
    public void hold(long executionId) {
        // Its start and its listener may hold it at the same moment: one takes the lease, the other waits for that.
        synchronized (holding.computeIfAbsent(executionId, id -> new Object())) {
            if (released.containsKey(executionId) || held.contains(executionId)) {
                return;
            }
            if (!inTransaction(c -> table.take(c, executionId, holder, clock.instant().plus(period.length())))) {
                throw new IllegalStateException("Job execution " + executionId + " was marked FAILED because its"
                        + " lease ran out (" + expiry(executionId).map(Object::toString).orElse("") + "): it does not"
                        + " run again; restart it instead");
            }
            held.add(executionId);
        }
    }

    /**
     * The execution ended on this server: its lease is no longer renewed, but stays valid for one more period,
     * so that no server takes the execution for dead before the repository shows how it ended.
     */
    public void release(long executionId) {
        Instant now = clock.instant();
        released.put(executionId, now);
        holding.remove(executionId);
        if (held.remove(executionId)) {
            try {
                inTransaction(c -> table.renew(c, executionId, holder, now.plus(period.length())));
            } catch (RuntimeException e) {
                // Never the job's failure: the lease the last renewal left is enough, unless the end's write fails too.
                LOG.warnf("Job execution %d: its lease was not extended past its end: %s", executionId, e.toString());
            }
        }
    }

    /** The lease period, {@code media.jobs.lease}. */
    public LeasePeriod period() {
        return period;
    }

    @Timeout
    void watch() {
        if (!watching.compareAndSet(false, true)) {
            return; // the previous watch still runs
        }
        try {
            Instant now = clock.instant();
            renewHeld(now);
            markDeadExecutions(now);
            inTransaction(table::deleteEnded);
            released.values().removeIf(at -> at.plus(period.length().multipliedBy(2)).isBefore(now));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Job execution leases: this watch failed; the next one, in %s, retries",
                    period.renewEvery());
        } finally {
            watching.set(false);
        }
    }

    private void renewHeld(Instant now) {
        for (long executionId : held) {
            if (!inTransaction(c -> table.renew(c, executionId, holder, now.plus(period.length())))) {
                lost(executionId);
            }
        }
    }

    /** A lease this server held is gone: the execution ended without its listener, or another server took it for dead. */
    private void lost(long executionId) {
        held.remove(executionId);
        holding.remove(executionId);
        Optional<LeaseTable.Expiry> expiry = expiry(executionId);
        if (expiry.isEmpty()) {
            LOG.debugf("Job execution %d ended; its lease is gone", executionId);
            return;
        }
        LOG.errorf("Job execution %d lost its lease: %s marked it FAILED at %s because this server had not renewed"
                        + " the lease for %s (media.jobs.lease). It stops here after its current chunk; restart it from"
                        + " its checkpoint (POST /jobs/{id}/restart) once it shows STOPPED or FAILED", executionId,
                expiry.get().failedBy(), expiry.get().failedAt(), period.length());
        try {
            BatchRuntime.getJobOperator().stop(executionId);
        } catch (RuntimeException e) {
            LOG.warnf("Job execution %d could not be stopped: %s", executionId, e.toString());
        }
    }

    private void markDeadExecutions(Instant now) {
        for (RunningExecution execution : inTransaction(table::running)) {
            if (held.contains(execution.executionId())) {
                continue; // it runs here, and its lease was just renewed
            }
            Optional<String> death = execution.deathAsSeenBy(holder, now, period);
            if (death.isEmpty()) {
                continue;
            }
            boolean marked = inTransaction(c -> {
                boolean done = table.markFailed(c, execution, death.get(), holder, now);
                if (!done) {
                    transaction.setRollbackOnly();
                }
                return done;
            });
            if (marked) {
                LOG.warnf("Job execution %d (%s) showed %s but runs on no server: marked it %s. Restart it from its"
                                + " last checkpoint with POST /jobs/%d/restart", execution.executionId(),
                        execution.jobName(), execution.status(), death.get(), execution.executionId());
            }
        }
    }

    private Optional<LeaseTable.Expiry> expiry(long executionId) {
        return inTransaction(c -> table.expiry(c, executionId));
    }

    /** What the lease operations do in a transaction of their own. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException, jakarta.transaction.SystemException;
    }

    private <T> T inTransaction(Work<T> work) {
        try {
            transaction.begin();
        } catch (Exception e) {
            throw new IllegalStateException("Job execution leases: no transaction: " + e, e);
        }
        boolean committed = false;
        try {
            T result;
            try (Connection connection = dataSource.getConnection()) {
                result = work.run(connection);
            }
            if (transaction.getStatus() == Status.STATUS_ACTIVE) {
                transaction.commit();
                committed = true;
            }
            return result;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // SQL, and the transaction's own checked exceptions
            throw new IllegalStateException("Job execution leases: " + e.getMessage(), e);
        } finally {
            if (!committed) {
                rollBack();
            }
        }
    }

    private void rollBack() {
        try {
            transaction.rollback();
        } catch (Exception e) { // nothing to roll back (a commit that failed ended it)
            LOG.debugf("Job execution leases: no transaction to roll back (%s)", e);
        }
    }

    private static String nodeName() {
        String node = System.getProperty("jboss.node.name");
        if (node != null && !node.isBlank()) {
            return node;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
