package io.qscale.worker;

import io.qscale.core.protocol.WorkerLoad;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.DoubleSupplier;
import com.sun.management.OperatingSystemMXBean;

/**
 * Measures what a worker reports with each heartbeat: its own process's CPU time per second of
 * wall time, per task slot, since the previous sample ({@link ProcessHandle}, in java.base, so it
 * works on any runtime), and its host's CPU load where the runtime has the {@code jdk.management}
 * module (a trimmed runtime may not: the worker then reports its own CPU alone). No native
 * library, so the worker stays light. The first sample only sets the baseline, so a JVM's own
 * start-up never reads as load. Not thread-safe: the heartbeat thread alone samples it.
 */
final class ProcessLoad {

    private final int slots;
    private final DoubleSupplier hostCpu;
    private long lastCpuNanos = -1;
    private long lastWallNanos;

    ProcessLoad(int slots) {
        this.slots = slots;
        this.hostCpu = hostCpuProbe();
    }

    /** The host's CPU load (0 to 1, negative when unknown), if the runtime can tell. */
    private static DoubleSupplier hostCpuProbe() {
        if (ModuleLayer.boot().findModule("jdk.management").isEmpty()) {
            return () -> -1;
        }
        try {
            return JdkManagement.hostCpu();
        } catch (LinkageError e) {
            return () -> -1;
        }
    }

    WorkerLoad sample() {
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        long wall = System.nanoTime();
        OptionalDouble own = OptionalDouble.empty();
        if (lastCpuNanos >= 0 && cpu >= 0 && wall > lastWallNanos) {
            double perSlot = (double) (cpu - lastCpuNanos) / (wall - lastWallNanos) / slots;
            own = OptionalDouble.of(Math.max(0, Math.min(1, perSlot)));
        }
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        double host = hostCpu.getAsDouble();
        return new WorkerLoad(own, host >= 0 && host <= 1 ? OptionalDouble.of(host) : OptionalDouble.empty());
    }

    /** Kept apart so that a runtime without {@code jdk.management} never loads its classes. */
    private static final class JdkManagement {
        static DoubleSupplier hostCpu() {
            Optional<OperatingSystemMXBean> os = Optional.ofNullable(
                    ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class));
            return () -> os.map(OperatingSystemMXBean::getCpuLoad).orElse(-1.0);
        }
    }
}
