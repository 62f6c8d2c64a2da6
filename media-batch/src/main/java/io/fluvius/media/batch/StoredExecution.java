package io.fluvius.media.batch;

import java.time.Instant;
import java.util.Map;

/** One execution as the job repository's tables hold it ({@link StoredExecutions}). */
public record StoredExecution(long executionId, long instanceId, String jobName, String status, String exitStatus,
                              Instant createTime, Instant startTime, Instant endTime, Map<String, String> parameters) {

    public StoredExecution {
        parameters = Map.copyOf(parameters);
    }

    /**
     * The step metrics of an execution, summed over its steps, as its last committed chunk (or the end of a step)
     * left them.
     */
    public record StepTotals(long readCount, long writeCount, long skipCount, long filterCount, long commitCount) {

        public static final StepTotals NONE = new StepTotals(0, 0, 0, 0, 0);
    }
}
