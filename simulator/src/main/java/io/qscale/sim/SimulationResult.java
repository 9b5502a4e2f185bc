package io.qscale.sim;

import java.util.List;

/**
 * What one simulation produced. Immutable (the arrays are not exposed for writing by the
 * simulator's callers: treat them as read-only).
 *
 * @param trace the trace replayed
 * @param policy the policy's name
 * @param settings the model's settings
 * @param samples one per second: {second, supply (ready workers not leaving), instances (the
 *     scaler's count: starting or ready, not leaving), queue length, busy workers}
 * @param waits every started task's queue wait in ms, in start order
 * @param completed tasks finished before the horizon
 * @param unfinished tasks waiting or running at the horizon
 * @param workerSeconds the time every worker existed, from its request to its exit (or the horizon)
 * @param actions every change of the pool's target
 */
public record SimulationResult(Trace trace, String policy, SimulationSettings settings, List<long[]> samples, long[] waits,
        long completed, long unfinished, double workerSeconds, List<Action> actions) {

    /**
     * A scaling action.
     *
     * @param atMillis when, from the trace's start
     * @param from instances before
     * @param to the new target
     * @param reason the policy's reason
     */
    public record Action(long atMillis, int from, int to, String reason) {
    }

    /** The second index of sample {@code i}. */
    public int second(int i) {
        return (int) samples.get(i)[0];
    }

    public int supply(int i) {
        return (int) samples.get(i)[1];
    }

    public int instances(int i) {
        return (int) samples.get(i)[2];
    }

    public long queue(int i) {
        return samples.get(i)[3];
    }
}
