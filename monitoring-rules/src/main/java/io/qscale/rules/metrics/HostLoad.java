package io.qscale.rules.metrics;

import io.qscale.rules.validation.Require;

/**
 * CPU and memory of the host that took a snapshot. Immutable and thread-safe.
 *
 * @param cpuLoad fraction of all cores busy since the previous sample, 0 to 1
 * @param memoryUsedBytes memory in use (total minus available)
 * @param memoryTotalBytes physical memory; 0 when unknown
 */
public record HostLoad(double cpuLoad, long memoryUsedBytes, long memoryTotalBytes) {

    /** A host whose load is unknown (no sample taken). */
    public static final HostLoad UNKNOWN = new HostLoad(0, 0, 0);

    public HostLoad {
        Require.between("cpuLoad", cpuLoad, 0, 1);
        Require.atLeast("memoryUsedBytes", memoryUsedBytes, 0L);
        Require.atLeast("memoryTotalBytes", memoryTotalBytes, 0L);
    }

    /** Memory in use as a fraction of the total, 0 when the total is unknown. */
    public double memoryLoad() {
        return memoryTotalBytes == 0 ? 0 : (double) memoryUsedBytes / memoryTotalBytes;
    }
}
