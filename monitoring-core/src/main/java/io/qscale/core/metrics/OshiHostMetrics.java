package io.qscale.core.metrics;

import io.qscale.rules.metrics.HostLoad;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/**
 * Host CPU and memory read through OSHI. CPU load is measured between two samples; a sample
 * less than 500 ms after the previous one (or after construction) waits out the rest: OSHI
 * caches the CPU ticks for about 300 ms, so an earlier second reading would see the same ticks
 * and an idle CPU. Thread-safe.
 */
public final class OshiHostMetrics implements HostMetrics {

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    /** Longer than OSHI's tick cache, and long enough that one sample is not noise. */
    private static final long MIN_SAMPLE_NANOS = 500_000_000L;

    private long[] previousTicks;
    private long previousNanos;

    public OshiHostMetrics() {
        SystemInfo system = new SystemInfo();
        this.processor = system.getHardware().getProcessor();
        this.memory = system.getHardware().getMemory();
        this.previousTicks = processor.getSystemCpuLoadTicks();
        this.previousNanos = System.nanoTime();
    }

    @Override
    public synchronized HostLoad sample() {
        long wait = MIN_SAMPLE_NANOS - (System.nanoTime() - previousNanos);
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double load = processor.getSystemCpuLoadBetweenTicks(previousTicks);
        previousTicks = processor.getSystemCpuLoadTicks();
        previousNanos = System.nanoTime();
        if (Double.isNaN(load)) {
            load = 0;
        }
        long total = memory.getTotal();
        long used = Math.max(0, total - memory.getAvailable());
        return new HostLoad(Math.min(1, Math.max(0, load)), used, total);
    }
}
