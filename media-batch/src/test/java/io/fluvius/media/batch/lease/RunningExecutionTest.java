package io.fluvius.media.batch.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RunningExecutionTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final LeasePeriod LEASE = LeasePeriod.parse("PT1M");
    private static final LeaseHolder ME = new LeaseHolder("node1", "boot-now");

    private static RunningExecution leasedBy(LeaseHolder holder, Instant until) {
        return new RunningExecution(9, "verify-sweep", "STARTED", T0, holder, until);
    }

    @Test
    void aLeaseThatHasNotRunOutIsAlive() {
        var other = new LeaseHolder("node2", "boot-x");
        assertTrue(leasedBy(other, T0.plusSeconds(60)).deathAsSeenBy(ME, T0.plusSeconds(60), LEASE).isEmpty());
    }

    @Test
    void aLeaseThatRanOutIsDeadWhoeverHeldIt() {
        var other = new LeaseHolder("node2", "boot-x");
        String reason = leasedBy(other, T0.plusSeconds(60)).deathAsSeenBy(ME, T0.plusSeconds(61), LEASE).orElseThrow();
        assertTrue(reason.startsWith("FAILED: the lease of its server node2"), reason);
        assertTrue(reason.endsWith("marked by node1"), reason);
    }

    @Test
    void aLeaseOfAnEarlierStartOfThisNodeIsDeadAtOnce() {
        var earlier = new LeaseHolder("node1", "boot-before");
        String reason = leasedBy(earlier, T0.plusSeconds(60)).deathAsSeenBy(ME, T0, LEASE).orElseThrow();
        assertTrue(reason.contains("node1 started again"), reason);
    }

    @Test
    void anExecutionWithoutALeaseIsGivenOnePeriodToTakeIt() {
        var execution = new RunningExecution(9, "verify-sweep", "STARTING", T0, null, null);
        assertTrue(execution.deathAsSeenBy(ME, T0.plusSeconds(60), LEASE).isEmpty());
        assertTrue(execution.deathAsSeenBy(ME, T0.plusSeconds(61), LEASE).orElseThrow().contains("no server took"));
    }

    @Test
    void theLeaseIsRenewedEveryThirdOfIt() {
        assertEquals(Duration.ofSeconds(20), LEASE.renewEvery());
        assertEquals(Duration.ofSeconds(4), LeasePeriod.parse("12").renewEvery());
        assertThrows(IllegalArgumentException.class, () -> LeasePeriod.parse("PT2S"));
        assertThrows(IllegalArgumentException.class, () -> LeasePeriod.parse("soon"));
    }

    @Test
    void aHolderNamesItsNodeAndStart() {
        LeaseHolder holder = LeaseHolder.startingOn("node1");
        assertTrue(holder.isEarlierStartOf(LeaseHolder.startingOn("node1")));
        assertTrue(!holder.isEarlierStartOf(holder));
        assertTrue(!holder.isEarlierStartOf(LeaseHolder.startingOn("node2")));
        assertThrows(IllegalArgumentException.class, () -> new LeaseHolder("", "b"));
    }
}
