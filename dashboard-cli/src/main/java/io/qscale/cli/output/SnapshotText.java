package io.qscale.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qscale.core.json.Json;
import io.qscale.rules.format.Human;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.util.Locale;
import java.time.Duration;

/** Renders a snapshot for people (aligned lines) and for programs (JSON, times in ms). Stateless. */
public final class SnapshotText {

    private SnapshotText() {
    }

    public static String human(MetricsSnapshot s, String endpoint) {
        String eta = s.etaToDrain().map(Human::duration).orElse("unknown (no task time known yet)");
        return String.join(System.lineSeparator(),
                "queue " + s.queue() + " at " + endpoint + " (" + s.takenAt() + ")",
                row("waiting", s.queueLength() + (s.queueLength() > 0 ? ", oldest waited " + Human.duration(s.oldestTaskAge()) : "")),
                row("in flight", s.inFlight() + (s.orphaned() > 0 ? " (" + s.orphaned() + " held by dead workers)" : "")),
                row("workers", s.activeWorkers() + " active, " + s.busyWorkers() + " busy; slots " + s.busyTaskSlots() + " of "
                        + s.taskSlots() + " busy (" + Human.percent(s.utilization()) + " utilization), " + s.drainingWorkers() + " draining, " + s.registeredWorkers() + " registered"),
                row("rates", "arrivals " + Human.rate(s.arrivalRate()) + ", completions " + Human.rate(s.completionRate())
                        + ", failures " + Human.rate(s.failureRate())),
                row("processing", s.processingSamples() == 0 ? "no task finished in the last " + Human.duration(s.statsWindow())
                        : "avg " + Human.duration(s.avgProcessingTime()) + ", p95 " + Human.duration(s.p95ProcessingTime())
                        + ", success " + Human.percent(s.successRate()) + " (" + s.processingSamples() + " tasks in "
                        + Human.duration(s.statsWindow()) + ")"),
                row("dead letters", Long.toString(s.deadLetters())),
                row("pool cpu", poolCpu(s)),
                row("host", "cpu " + Human.percent(s.host().cpuLoad()) + ", memory " + Human.bytes(s.host().memoryUsedBytes())
                        + " of " + Human.bytes(s.host().memoryTotalBytes())),
                row("eta to drain", eta));
    }

    /** The workers' own CPU for people: "mean 42 %, max 97 % (5 workers)", or why it is unknown. */
    public static String poolCpu(MetricsSnapshot s) {
        return s.poolCpu().known() ? "mean " + Human.percent(s.poolCpu().mean()) + ", max " + Human.percent(s.poolCpu().max())
                + " (" + s.poolCpu().reporting() + (s.poolCpu().reporting() == 1 ? " worker)" : " workers)")
                : "unknown (no worker reports its CPU yet)";
    }

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "  %-13s %s", label, value);
    }

    public static ObjectNode json(MetricsSnapshot s) {
        return json(s, Duration.ZERO);
    }

    /** The same, read {@code age} after the snapshot was taken: the ETA is as of now (see MetricsSnapshot#etaToDrainAfter). */
    public static ObjectNode json(MetricsSnapshot s, Duration age) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("takenAt", s.takenAt().toString());
        node.put("queue", s.queue());
        node.put("queueLength", s.queueLength());
        node.put("inFlight", s.inFlight());
        node.put("orphaned", s.orphaned());
        node.put("oldestTaskAgeMs", s.oldestTaskAge().toMillis());
        node.put("registeredWorkers", s.registeredWorkers());
        node.put("activeWorkers", s.activeWorkers());
        node.put("busyWorkers", s.busyWorkers());
        node.put("drainingWorkers", s.drainingWorkers());
        node.put("slots", s.taskSlots());
        node.put("busySlots", s.busyTaskSlots());
        node.put("utilization", s.utilization());
        node.put("arrivalRate", s.arrivalRate());
        node.put("completionRate", s.completionRate());
        node.put("failureRate", s.failureRate());
        node.put("avgProcessingMs", s.avgProcessingTime().toMillis());
        node.put("p95ProcessingMs", s.p95ProcessingTime().toMillis());
        node.put("processingSamples", s.processingSamples());
        node.put("successRate", s.successRate());
        node.put("deadLetters", s.deadLetters());
        node.put("statsWindowMs", s.statsWindow().toMillis());
        node.put("hostCpuLoad", s.host().cpuLoad());
        node.put("hostMemoryUsedBytes", s.host().memoryUsedBytes());
        node.put("hostMemoryTotalBytes", s.host().memoryTotalBytes());
        ObjectNode pool = node.putObject("poolCpu");
        if (s.poolCpu().known()) {
            pool.put("mean", s.poolCpu().mean()).put("max", s.poolCpu().max());
        } else {
            pool.putNull("mean").putNull("max");
        }
        pool.put("reporting", s.poolCpu().reporting());
        node.put("scalerInstances", s.scalerInstances());
        node.put("startingWorkers", s.startingWorkers());
        node.put("startupLeftMs", s.startupLeft().toMillis());
        node.put("startupMs", s.startupTime().toMillis());
        node.put("oldestRunningMs", s.oldestRunningAge().toMillis());
        s.etaToDrainAfter(age).ifPresentOrElse(eta -> node.put("etaToDrainMs", eta.toMillis()), () -> node.putNull("etaToDrainMs"));
        return node;
    }
}
