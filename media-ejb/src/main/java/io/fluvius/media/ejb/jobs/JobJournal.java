package io.fluvius.media.ejb.jobs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

/**
 * Where batch jobs keep their counts and findings in the product's database. Writes join the caller's
 * transaction, which for a job is its chunk's: they commit with the chunk's checkpoint, or not at all.
 * Not a caller-facing service: jobs run it with the identity of the batch thread, after {@link MediaJobs}
 * checked the role of whoever started them.
 */
@Stateless
@LocalBean
@PermitAll
public class JobJournal {

    @PersistenceContext(unitName = "media")
    EntityManager em;

    /** Adds one chunk's counts to its execution's. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void count(long executionId, long instanceId, String jobName, JobCounts delta) {
        Instant now = now();
        JobRun run = em.find(JobRun.class, executionId, LockModeType.PESSIMISTIC_WRITE);
        if (run == null) {
            run = new JobRun(executionId, instanceId, jobName, now);
            em.persist(run);
        }
        run.add(delta, now);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void record(long executionId, long instanceId, List<JobFinding> findings) {
        Instant now = now();
        for (JobFinding finding : findings) {
            em.persist(new JobFindingRecord(instanceId, executionId, finding, now));
        }
    }

    /** The counts of one execution; empty before its first chunk committed. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<JobCounts> counts(long executionId) {
        return Optional.ofNullable(em.find(JobRun.class, executionId)).map(JobRun::counts);
    }

    /** The counts of each of the executions that counted something (one query for a page of executions). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Map<Long, JobCounts> counts(Collection<Long> executionIds) {
        var counts = new HashMap<Long, JobCounts>();
        if (!executionIds.isEmpty()) {
            em.createQuery("select r from JobRun r where r.executionId in :ids", JobRun.class)
                    .setParameter("ids", executionIds)
                    .getResultList().forEach(run -> counts.put(run.executionId(), run.counts()));
        }
        return counts;
    }

    /** The first {@code limit} findings of a job instance (its first execution and every restart), oldest first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<JobFinding> findings(long instanceId, int limit) {
        return em.createQuery("select f from JobFindingRecord f where f.instanceId = :instance"
                        + " order by f.created, f.id", JobFindingRecord.class)
                .setParameter("instance", instanceId)
                .setMaxResults(limit)
                .getResultList().stream().map(JobFindingRecord::toFinding).toList();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
