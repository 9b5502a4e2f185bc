package io.qscale.core.metrics;

import io.qscale.rules.metrics.HostLoad;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/**
 * Host CPU and memory read through OSHI. CPU load is measured between two samples (the first
 * one covers the time since construction). Thread-safe.
 */
public final class OshiHostMetrics implements HostMetrics {

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private long[] previousTicks;

    public OshiHostMetrics() {
        SystemInfo system = new SystemInfo();
        this.processor = system.getHardware().getProcessor();
        this.memory = system.getHardware().getMemory();
        this.previousTicks = processor.getSystemCpuLoadTicks();
    }

    @Override
    public synchronized HostLoad sample() {
        double load = processor.getSystemCpuLoadBetweenTicks(previousTicks);
        previousTicks = processor.getSystemCpuLoadTicks();
        if (Double.isNaN(load)) {
            load = 0;
        }
        long total = memory.getTotal();
        long used = Math.max(0, total - memory.getAvailable());
        return new HostLoad(Math.min(1, Math.max(0, load)), used, total);
    }
}
