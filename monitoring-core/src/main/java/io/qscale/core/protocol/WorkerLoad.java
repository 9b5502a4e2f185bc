package io.qscale.core.protocol;

import io.qscale.rules.validation.Require;
import java.util.OptionalDouble;
import java.util.ArrayList;
import java.util.List;

/**
 * What a worker reports of its own load with a heartbeat. Immutable and thread-safe.
 *
 * @param cpu the worker process's CPU time per second of wall time, per task slot, 0 to 1
 *     (1 = one core busy for each slot); empty until it has been measured over a heartbeat interval
 * @param hostCpu the CPU load of the worker's host, 0 to 1; empty when unknown
 */
public record WorkerLoad(OptionalDouble cpu, OptionalDouble hostCpu) {

    /** Nothing measured yet. */
    public static final WorkerLoad UNKNOWN = new WorkerLoad(OptionalDouble.empty(), OptionalDouble.empty());

    public WorkerLoad {
        Require.nonNull("cpu", cpu);
        Require.nonNull("hostCpu", hostCpu);
        cpu.ifPresent(value -> Require.between("cpu", value, 0, 1));
        hostCpu.ifPresent(value -> Require.between("hostCpu", value, 0, 1));
    }

    public static WorkerLoad of(double cpu, double hostCpu) {
        return new WorkerLoad(OptionalDouble.of(cpu), OptionalDouble.of(hostCpu));
    }

    /** The figures as stored in the worker's hash: thousandths, as whole numbers. */
    String[] fields() {
        if (cpu.isEmpty() && hostCpu.isEmpty()) {
            return new String[0];
        }
        List<String> fields = new ArrayList<>();
        cpu.ifPresent(value -> {
            fields.add("cpu");
            fields.add(Long.toString(Math.round(value * 1000)));
        });
        hostCpu.ifPresent(value -> {
            fields.add("hostCpu");
            fields.add(Long.toString(Math.round(value * 1000)));
        });
        return fields.toArray(new String[0]);
    }
}
