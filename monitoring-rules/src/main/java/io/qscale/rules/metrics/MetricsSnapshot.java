package io.qscale.rules.metrics;

import io.qscale.rules.internal.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything known about one queue and its workers at one instant: the input of every scaling
 * decision. Immutable and thread-safe.
 *
 * @param takenAt when the snapshot was taken (the Redis server's clock)
 * @param queue the queue's name
 * @param queueLength tasks waiting to be claimed
 * @param inFlight tasks claimed and not yet acknowledged, in any worker's processing list
 * @param orphaned the part of {@code inFlight} held by dead workers, waiting for recovery
 * @param oldestTaskAge how long the oldest waiting task has waited (queue latency); zero when empty
 * @param registeredWorkers workers in the registry, alive or not yet recovered
 * @param activeWorkers workers whose heartbeat is recent (alive)
 * @param busyWorkers alive workers holding a task
 * @param drainingWorkers workers asked to drain that have not deregistered yet
 * @param arrivalRate tasks enqueued per second over the rate window
 * @param completionRate tasks completed successfully per second over the rate window
 * @param failureRate failed attempts per second over the rate window
 * @param avgProcessingTime mean time a worker spent on a task over the statistics window
 * @param p95ProcessingTime 95th percentile of that time (histogram resolution: 10 %)
 * @param processingSamples tasks finished (either way) in the statistics window
 * @param successRate completed / (completed + failed attempts) over the statistics window; 1 when none
 * @param deadLetters tasks in the dead-letter list
 * @param statsWindow the statistics window
 * @param host CPU and memory of the host that took the snapshot
 * @param scalerInstances instances the scaler reports running; -1 when unknown
 */
public record MetricsSnapshot(
        Instant takenAt,
        String queue,
        long queueLength,
        long inFlight,
        long orphaned,
        Duration oldestTaskAge,
        int registeredWorkers,
        int activeWorkers,
        int busyWorkers,
        int drainingWorkers,
        double arrivalRate,
        double completionRate,
        double failureRate,
        Duration avgProcessingTime,
        Duration p95ProcessingTime,
        long processingSamples,
        double successRate,
        long deadLetters,
        Duration statsWindow,
        HostLoad host,
        int scalerInstances) {

    public MetricsSnapshot {
        Require.nonNull("takenAt", takenAt);
        Require.nonBlank("queue", queue);
        Require.atLeast("queueLength", queueLength, 0L);
        Require.atLeast("inFlight", inFlight, 0L);
        Require.that(orphaned >= 0 && orphaned <= inFlight, "orphaned", "must be between 0 and inFlight (" + inFlight + ")", orphaned);
        Require.nonNegative("oldestTaskAge", oldestTaskAge);
        Require.atLeast("registeredWorkers", registeredWorkers, 0);
        Require.atLeast("activeWorkers", activeWorkers, 0);
        Require.that(busyWorkers >= 0 && busyWorkers <= activeWorkers, "busyWorkers",
                "must be between 0 and activeWorkers (" + activeWorkers + ")", busyWorkers);
        Require.atLeast("drainingWorkers", drainingWorkers, 0);
        Require.atLeast("arrivalRate", arrivalRate, 0.0);
        Require.atLeast("completionRate", completionRate, 0.0);
        Require.atLeast("failureRate", failureRate, 0.0);
        Require.nonNegative("avgProcessingTime", avgProcessingTime);
        Require.nonNegative("p95ProcessingTime", p95ProcessingTime);
        Require.atLeast("processingSamples", processingSamples, 0L);
        Require.between("successRate", successRate, 0, 1);
        Require.atLeast("deadLetters", deadLetters, 0L);
        Require.positive("statsWindow", statsWindow);
        Require.nonNull("host", host);
        Require.atLeast("scalerInstances", scalerInstances, -1);
    }

    /** Busy workers over active workers, 0 to 1; 0 when no worker is alive. */
    public double utilization() {
        return activeWorkers == 0 ? 0 : (double) busyWorkers / activeWorkers;
    }

    /**
     * Time to drain the waiting tasks: queue length over the completion rate, or, while no task has
     * completed in the rate window, queue length times the average processing time over the active
     * workers. Empty when neither can be computed (no completions, no timing, or no worker).
     */
    public Optional<Duration> etaToDrain() {
        if (queueLength == 0) {
            return Optional.of(Duration.ZERO);
        }
        if (completionRate > 0) {
            return Optional.of(Duration.ofMillis(Math.round(queueLength / completionRate * 1000)));
        }
        if (!avgProcessingTime.isZero() && activeWorkers > 0) {
            return Optional.of(avgProcessingTime.multipliedBy(queueLength).dividedBy(activeWorkers));
        }
        return Optional.empty();
    }

    /** A copy with the scaler's own count of running instances. */
    public MetricsSnapshot withScalerInstances(int instances) {
        return new MetricsSnapshot(takenAt, queue, queueLength, inFlight, orphaned, oldestTaskAge,
                registeredWorkers, activeWorkers, busyWorkers, drainingWorkers, arrivalRate, completionRate,
                failureRate, avgProcessingTime, p95ProcessingTime, processingSamples, successRate, deadLetters,
                statsWindow, host, instances);
    }
}
