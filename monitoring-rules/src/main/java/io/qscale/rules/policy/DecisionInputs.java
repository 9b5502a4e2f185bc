package io.qscale.rules.policy;

import io.qscale.rules.metrics.MetricsSnapshot;
import java.util.OptionalDouble;

/**
 * The figures of the snapshot a decision was made on, as the decision record shows them (the API,
 * the logs, the dashboards). Immutable.
 *
 * @param currentWorkers the pool size the decision started from
 * @param queueLength tasks waiting
 * @param inFlight tasks claimed and not finished
 * @param activeWorkers workers alive by heartbeat
 * @param busyWorkers of them, those running a task
 * @param utilization busy slots over slots, 0 to 1
 * @param oldestTaskAgeMs how long the oldest waiting task has waited
 * @param avgProcessingMs the mean task time over the statistics window
 * @param completionRate tasks completed per second over the rate window
 * @param hostCpuLoad the host's CPU load, 0 to 1 (negative when unknown)
 * @param poolCpuMean the workers' own mean CPU, when they report it
 * @param poolCpuMax the busiest worker's CPU, when they report it
 */
public record DecisionInputs(int currentWorkers, long queueLength, long inFlight, int activeWorkers, int busyWorkers,
        double utilization, long oldestTaskAgeMs, long avgProcessingMs, double completionRate, double hostCpuLoad,
        OptionalDouble poolCpuMean, OptionalDouble poolCpuMax) {

    public DecisionInputs {
        poolCpuMean = poolCpuMean == null ? OptionalDouble.empty() : poolCpuMean;
        poolCpuMax = poolCpuMax == null ? OptionalDouble.empty() : poolCpuMax;
    }

    /** What {@code s} says, for a pool of {@code current} workers. */
    public static DecisionInputs of(MetricsSnapshot s, int current) {
        return new DecisionInputs(current, s.queueLength(), s.inFlight(), s.activeWorkers(), s.busyWorkers(), s.utilization(),
                s.oldestTaskAge().toMillis(), s.avgProcessingTime().toMillis(), s.completionRate(), s.host().cpuLoad(),
                s.poolCpu().known() ? OptionalDouble.of(s.poolCpu().mean()) : OptionalDouble.empty(),
                s.poolCpu().known() ? OptionalDouble.of(s.poolCpu().max()) : OptionalDouble.empty());
    }
}
