package io.qscale.rules.metrics;

import io.qscale.rules.validation.Require;

/**
 * The workers' own CPU, as they report it with their heartbeats: each worker's process CPU time
 * per second of wall time, per task slot (1.0 = one core busy for each slot, capped at 1), over
 * the active workers that report it. Immutable and thread-safe.
 *
 * @param mean the mean over the reporting workers, 0 to 1
 * @param max the busiest worker's, 0 to 1
 * @param reporting how many active workers reported a CPU figure (0: unknown)
 */
public record PoolCpu(double mean, double max, int reporting) {

    /** No worker reported its CPU (none alive, or workers that do not report it). */
    public static final PoolCpu UNKNOWN = new PoolCpu(0, 0, 0);

    public PoolCpu {
        Require.between("poolCpu.mean", mean, 0, 1);
        Require.between("poolCpu.max", max, 0, 1);
        Require.that(mean <= max + 1e-9, "poolCpu.mean", "must be at most poolCpu.max (" + max + ")", mean);
        Require.atLeast("poolCpu.reporting", reporting, 0);
    }

    /** Whether any worker reported its CPU. */
    public boolean known() {
        return reporting > 0;
    }
}
