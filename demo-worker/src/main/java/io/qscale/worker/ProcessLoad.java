package io.qscale.worker;

import io.qscale.core.protocol.WorkerLoad;
import java.lang.management.ManagementFactory;
import java.util.OptionalDouble;

/**
 * Measures what a worker reports with each heartbeat: its own process's CPU time per second of
 * wall time, per task slot, since the previous sample, and its host's CPU load (both from the
 * JDK's {@code OperatingSystemMXBean}: no native library, so the worker stays light). The first
 * sample only sets the baseline, so a JVM's own start-up never reads as load. Not thread-safe:
 * the heartbeat thread alone samples it.
 */
final class ProcessLoad {

    private final com.sun.management.OperatingSystemMXBean os;
    private final int slots;
    private long lastCpuNanos = -1;
    private long lastWallNanos;

    ProcessLoad(int slots) {
        this.slots = slots;
        this.os = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
    }

    WorkerLoad sample() {
        long cpu = os == null ? -1 : os.getProcessCpuTime();
        long wall = System.nanoTime();
        OptionalDouble own = OptionalDouble.empty();
        if (lastCpuNanos >= 0 && cpu >= 0 && wall > lastWallNanos) {
            double perSlot = (double) (cpu - lastCpuNanos) / (wall - lastWallNanos) / slots;
            own = OptionalDouble.of(Math.max(0, Math.min(1, perSlot)));
        }
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        double host = os == null ? -1 : os.getCpuLoad();
        return new WorkerLoad(own, host >= 0 && host <= 1 ? OptionalDouble.of(host) : OptionalDouble.empty());
    }
}
