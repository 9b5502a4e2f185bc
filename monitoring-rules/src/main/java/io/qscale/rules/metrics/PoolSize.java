package io.qscale.rules.metrics;

import io.qscale.rules.validation.Require;

/**
 * How many workers a pool has, in the one place that says it: what the registry holds, what
 * the scaler runs, which are still starting and which are draining, and from those the size a
 * decision starts from and the workers that serve. Every reader (the rules, the ETA, the KEDA
 * scaler, the dashboards) asks a snapshot's {@link MetricsSnapshot#pool()}. Immutable.
 *
 * @param registered workers in the registry, alive or not yet recovered
 * @param alive workers whose heartbeat is recent
 * @param starting of the scaler's instances, those started and not registered yet
 * @param draining workers asked to drain that have not deregistered yet
 * @param scalerInstances instances the scaler runs (drained ones left out); -1 when unknown
 */
public record PoolSize(int registered, int alive, int starting, int draining, int scalerInstances) {

    public PoolSize {
        Require.atLeast("registered", registered, 0);
        Require.atLeast("alive", alive, 0);
        Require.atLeast("starting", starting, 0);
        Require.atLeast("draining", draining, 0);
        Require.atLeast("scalerInstances", scalerInstances, -1);
    }

    /**
     * The size a decision starts from: the scaler's count when known (it includes the workers on
     * their way, so a decision never starts them twice), else the workers alive by heartbeat.
     */
    public int size() {
        return scalerInstances >= 0 ? scalerInstances : alive;
    }

    /** The workers that serve the queue, counting those on their way: the larger of the scaler's count and the alive ones. */
    public int serving() {
        return Math.max(alive, scalerInstances);
    }

    /** Of {@link #serving()}, those serving right now: the ones still starting left out. */
    public int servingNow() {
        return Math.max(0, serving() - starting);
    }
}
