package io.fluvius.media.batch.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.EJB;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.NoMoreTimeoutsException;
import jakarta.ejb.NoSuchObjectLocalException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.fluvius.media.batch.JobCatalog;
import io.fluvius.media.batch.lease.LeaseKeeper;
import io.fluvius.media.jpa.MediaSchema;

/**
 * Runs each job on its schedule ({@link ScheduledJob}): one persistent calendar timer per scheduled job, whose info
 * is the job's name, in the database timer store on MediaDS (configure-schedules.cli, jboss-ejb3.xml), which every
 * server sharing the database sees.
 * <p>
 * At every start each node reconciles the configured schedules with the timers, one job at a time and under the
 * lock of the job's row in {@code media_job_schedule}, so that nodes starting together take turns: it reloads the
 * timers from the store (what another node created a moment ago included), keeps the job's timer when its schedule
 * is the configured one, and otherwise cancels it and creates one with the configured schedule, or none when the
 * schedule is off. The timer and the row commit together.
 * <p>
 * Every node schedules every timer it knows; WildFly's store lets one node run each firing, and a firing starts
 * its job only once it has claimed the job's row ({@link ScheduleTable#claim}), so that even a timer delivered
 * twice starts one execution. A job that cannot start is logged, and the next firing tries again.
 */
@Singleton
@Startup
@PermitAll
@TransactionManagement(TransactionManagementType.BEAN) // short transactions of its own; jobs start outside any
public class JobScheduler {

    private static final Logger LOG = Logger.getLogger(JobScheduler.class);

    /** WildFly: with this context data set, getAllTimers() first reloads the database timer store's timers. */
    private static final String REFRESH_TIMERS = "wildfly.ejb.timer.refresh.enabled";
    /**
     * WildFly runs one reload at a time and skips one asked for during another (its periodic one): when the row says
     * a timer exists and the reload showed none, reload again a few times before taking the timer as lost.
     */
    private static final int RELOADS = 5;
    private static final long RELOAD_PAUSE_MILLIS = 200;
    /** The next timeout of a schedule that has none (its last firing): later than any other. */
    private static final Instant NEVER = Instant.parse("9999-12-31T00:00:00Z");

    @Resource
    TimerService timerService;

    @Resource
    SessionContext context;

    @Resource
    UserTransaction transaction;

    @Resource(lookup = "java:jboss/datasources/MediaDS")
    DataSource dataSource;

    @EJB
    MediaSchema schema;

    @EJB
    LeaseKeeper leases;

    private final Map<String, ScheduledJob> jobs = new ConcurrentHashMap<>();
    private String node;

    @PostConstruct
    void start() {
        schema.version(); // the table media_job_schedule exists once the schema is migrated
        node = System.getProperty("jboss.node.name", "this server");
        Config config = ConfigProvider.getConfig();
        // Every schedule is read and checked before any timer changes: a bad one fails the deployment, changing none.
        List<ScheduledJob> configured = ScheduledJob.read(key -> config.getConfigValue(key).getValue());
        configured.forEach(job -> jobs.put(job.jobName(), job));
        var summary = new ArrayList<String>();
        for (ScheduledJob job : configured) {
            summary.add(job.jobName() + " " + reconcile(job));
        }
        LOG.infof("Job schedules on %s: %s", node, String.join("; ", summary));
    }

    /** Makes the job's timers match its configured schedule; says what is in force, or why nothing changed. */
    private String reconcile(ScheduledJob job) {
        String name = job.jobName();
        String desired = job.schedule().map(JobSchedule::toString).orElse(null);
        try {
            addRow(name);
            transaction.begin();
            String outcome;
            try (Connection connection = dataSource.getConnection()) {
                var table = new ScheduleTable(connection);
                String inForce = table.lock(name);
                Timer kept = null;
                int cancelled = 0;
                for (Timer timer : timersOf(name, inForce != null)) {
                    if (kept == null && desired != null && desired.equals(scheduleOf(timer))) {
                        kept = timer;
                    } else {
                        timer.cancel();
                        cancelled++;
                    }
                }
                if (desired != null && kept == null) {
                    kept = timerService.createCalendarTimer(job.schedule().get().toScheduleExpression(),
                            new TimerConfig(name, true));
                    if (Objects.equals(inForce, desired)) {
                        LOG.warnf("The timer of %s's schedule '%s' was missing; created it again", name, desired);
                    }
                }
                if (!Objects.equals(inForce, desired)) {
                    table.setExpression(name, desired, Instant.now());
                    LOG.infof("Schedule of %s changed from %s to %s (%d timer(s) cancelled)", name, quoted(inForce),
                            quoted(desired), cancelled);
                } else if (cancelled > 0) {
                    LOG.infof("Schedule of %s: cancelled %d surplus timer(s)", name, cancelled);
                }
                outcome = kept == null ? JobSchedule.OFF : quoted(desired) + ", next " + nextTimeout(kept);
            }
            transaction.commit();
            return outcome;
        } catch (Exception e) {
            rollback();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // The timers stay as they were (persistent); the next start tries again.
            LOG.errorf(e, "Could not bring the schedule of %s in line with %s='%s'; its timers stay as they were",
                    name, ScheduledJob.scheduleKey(name), desired == null ? JobSchedule.OFF : desired);
            return "unchanged (error)";
        }
    }

    /** The job's row, in a transaction of its own; a node that adds it at the same moment wins. */
    private void addRow(String name) throws Exception {
        transaction.begin();
        try (Connection connection = dataSource.getConnection()) {
            new ScheduleTable(connection).addIfAbsent(name, Instant.now());
        } catch (SQLException e) {
            rollback();
            LOG.debugf(e, "Row of %s added by another node meanwhile", name);
            return;
        }
        transaction.commit();
    }

    /**
     * The timers of the job in the store, reloaded first; again, a few times, when none shows although
     * {@code expected}.
     */
    private List<Timer> timersOf(String name, boolean expected) throws InterruptedException {
        for (int reload = 1; ; reload++) {
            context.getContextData().put(REFRESH_TIMERS, Boolean.TRUE);
            List<Timer> timers = timerService.getAllTimers().stream().filter(t -> name.equals(infoOf(t))).toList();
            if (!timers.isEmpty() || !expected || reload == RELOADS) {
                return timers;
            }
            Thread.sleep(RELOAD_PAUSE_MILLIS);
        }
    }

    @Timeout
    @Lock(LockType.READ)
    void fire(Timer timer) {
        String name = infoOf(timer);
        String schedule = scheduleOf(timer);
        if (name == null || schedule == null) {
            LOG.warnf("Cancelling a timer that is no job's schedule: %s", timer.getInfo());
            timer.cancel();
            return;
        }
        Instant next = nextTimeout(timer);
        try {
            if (!claim(name, schedule, next, timer)) {
                return;
            }
        } catch (Exception e) {
            rollback();
            LOG.errorf(e, "Schedule of %s fired, but could not claim the firing; the next firing tries again", name);
            return;
        }
        ScheduledJob job = jobs.get(name);
        try {
            Instant now = Instant.now();
            Map<String, String> parameters = job == null ? JobCatalog.validate(name, Map.of(), now) : job.parametersAt(now);
            long executionId = BatchRuntime.getJobOperator().start(name, JobCatalog.properties(parameters));
            holdLease(executionId);
            LOG.infof("Schedule '%s' of %s started execution %d on %s (next firing %s)", schedule, name,
                    executionId, node, next);
            recordExecution(name, next, executionId);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Schedule of %s fired, but the job did not start; the next firing tries again", name);
        }
    }

    /**
     * Claims the firing; when another delivery has, says nothing; when the timer's schedule is not (or no longer)
     * the one in force, cancels the timer: a left-over that a node could not see when it changed the schedule.
     */
    private boolean claim(String name, String schedule, Instant next, Timer timer) throws Exception {
        transaction.begin();
        boolean claimed;
        String inForce;
        try (Connection connection = dataSource.getConnection()) {
            var table = new ScheduleTable(connection);
            claimed = table.claim(name, schedule, next, node, Instant.now());
            inForce = claimed ? schedule : table.expression(name);
        }
        transaction.commit();
        if (!claimed && !schedule.equals(inForce)) {
            LOG.infof("Cancelling a timer of %s with schedule '%s': the schedule in force is %s", name, schedule,
                    quoted(inForce));
            try {
                timer.cancel();
            } catch (NoSuchObjectLocalException alreadyGone) {
                // cancelled by the node that changed the schedule
            }
        } else if (!claimed) {
            LOG.debugf("Firing of %s before %s was claimed by another delivery", name, next);
        }
        return claimed;
    }

    /** The execution is leased from its creation, while it may wait for a batch thread (README "Leases"). */
    private void holdLease(long executionId) {
        try {
            leases.hold(executionId);
        } catch (RuntimeException e) {
            LOG.warnf("Job execution %d: its lease is taken when it begins to run, not now: %s", executionId, e);
        }
    }

    private void recordExecution(String name, Instant next, long executionId) {
        try {
            transaction.begin();
            try (Connection connection = dataSource.getConnection()) {
                new ScheduleTable(connection).setExecution(name, next, executionId);
            }
            transaction.commit();
        } catch (Exception e) {
            rollback();
            LOG.warnf(e, "Execution %d of %s started, but media_job_schedule does not say so", executionId, name);
        }
    }

    private static String quoted(String expression) {
        return expression == null ? JobSchedule.OFF : "'" + expression + "'";
    }

    private static String infoOf(Timer timer) {
        try {
            return timer.getInfo() instanceof String name && JobCatalog.JOB_NAMES.contains(name) ? name : null;
        } catch (RuntimeException e) {
            return null; // another bean's timer, or one cancelled meanwhile
        }
    }

    /** The timer's schedule as {@link JobSchedule#toString} writes it; {@code null} for other timers. */
    private static String scheduleOf(Timer timer) {
        try {
            return timer.isCalendarTimer() && timer.isPersistent() ? JobSchedule.of(timer.getSchedule()).toString()
                    : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Instant nextTimeout(Timer timer) {
        try {
            return timer.getNextTimeout().toInstant();
        } catch (NoMoreTimeoutsException e) {
            return NEVER;
        }
    }

    private void rollback() {
        try {
            if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transaction.rollback();
            }
        } catch (Exception e) {
            LOG.debugf(e, "Rollback failed");
        }
    }
}
