package io.fluvius.media.it.process;

import static io.fluvius.media.it.MediaApi.uniqueResource;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import io.fluvius.media.it.MediaApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Tag;

/**
 * An acknowledged put survives a crash of the server: 8 clients put distinct 4 KiB files; right when the 300th 201
 * arrives, with puts still in flight, the server gets SIGKILL; once restarted, every acknowledged entry downloads with
 * the bytes that were sent, and every entry the listing shows has its bytes (no entry without them). Runs on the
 * database of the failsafe execution (H2 file database by default, PostgreSQL with the profile postgresql), each
 * time on a fresh base directory, and prints the figures of each run.
 */
@Tag("server-process")
class CrashDurabilityIT {

    private static final int CLIENTS = 8;
    private static final int FILE_SIZE = 4096;
    private static final int KILL_AT_ACKNOWLEDGEMENT = 300;
    private static final Duration READY = Duration.ofMinutes(3);
    private static final long SEED = 20261201L;
    private static final int ATTEMPTS = 3;

    private static TestDatabase database;
    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        database = TestDatabase.current();
        if (database.isShareable()) {
            database.empty(); // the server's storage starts empty: so must its ledger
        }
        server = ServerProcess.prepare(ServerSpec.of("crash-" + database.name(), 200));
        server.start();
        server.awaitReady(READY);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /**
     * A run proves something only if puts were in flight when the kill came; on a busy machine a run can find
     * none (every client between two puts), and is then repeated, up to {@link #ATTEMPTS} times. Whatever
     * happens, every attempt's durability checks must pass. How soon after the acknowledgement the kill came
     * is printed, not asserted: it depends on the machine, and a later kill only leaves more acknowledged.
     */
    @RepeatedTest(value = 3, name = "run {currentRepetition} of {totalRepetitions}")
    void everyAcknowledgedPutSurvivesKillDashNine(RepetitionInfo repetition) throws Exception {
        int inFlight = 0;
        for (int attempt = 1; attempt <= ATTEMPTS && inFlight == 0; attempt++) {
            inFlight = crashAndCheck(repetition, attempt);
        }
        assertTrue(inFlight > 0, "no put was in flight at the kill in " + ATTEMPTS + " attempts");
    }

    /** One crash: puts, SIGKILL at the 300th acknowledgement, restart, checks. @return the puts in flight at the kill */
    private int crashAndCheck(RepetitionInfo repetition, int attempt) throws Exception {
        if (!server.isRunning()) {
            // An earlier run failed between the kill and the restart.
            server.start();
            server.awaitReady(READY);
        }
        int run = repetition.getCurrentRepetition();
        String resource = uniqueResource("crash-" + database.name() + "-run" + run + "-" + attempt);
        var puts = new ConcurrentPuts(new MediaApi(server.webModule()), resource, CLIENTS, FILE_SIZE,
                SEED + run * 1_000_000L + attempt * 100_000L);

        long begin = System.nanoTime();
        ConcurrentPuts.Outcome outcome = puts.putUntil(KILL_AT_ACKNOWLEDGEMENT, server::sigkill, server::threadDump);
        assertEquals(List.of(), outcome.failures(), "puts that failed while the server was up");
        assertTrue(outcome.actionRan(), "killed at the " + KILL_AT_ACKNOWLEDGEMENT + "th acknowledgement");
        server.awaitExit(Duration.ofSeconds(30));
        long killed = System.nanoTime();
        server.start();
        server.awaitReady(READY);
        long ready = System.nanoTime();
        Survivors after = Survivors.check(new MediaApi(server.webModule()), resource, outcome);
        long checked = System.nanoTime();

        System.out.printf("CrashDurabilityIT [%s] run %d/%d (attempt %d): SIGKILL %.3f ms after the %dth 201,"
                        + " %d puts in flight,"
                        + " %d acknowledged before the kill, %d in all; after the restart %d listed"
                        + " (%d committed but never acknowledged), lost %d, without their bytes %d"
                        + " (puts %.1f s, restart %.1f s, checks %.1f s)%n",
                database.name(), run, repetition.getTotalRepetitions(), attempt, outcome.actionLatencyNanos() / 1e6,
                KILL_AT_ACKNOWLEDGEMENT, outcome.inFlightAtAction(),
                outcome.acknowledgedAtAction(), outcome.acknowledgedSha256ById().size(), after.listed(),
                after.committedUnacknowledged(), after.lost().size(), after.damaged().size(),
                (killed - begin) / 1e9, (ready - killed) / 1e9, (checked - ready) / 1e9);
        assertAll(
                () -> assertEquals(List.of(), after.lost(), "acknowledged entries lost in the crash"),
                () -> assertEquals(List.of(), after.damaged(), "listed entries that lack their bytes"));
        return outcome.inFlightAtAction();
    }
}
