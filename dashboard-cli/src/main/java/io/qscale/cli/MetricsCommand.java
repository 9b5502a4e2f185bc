package io.qscale.cli;

import io.qscale.cli.actions.PoolActions;
import io.qscale.cli.actions.QueueContext;
import io.qscale.cli.actions.StressRequest;

import io.qscale.cli.output.SnapshotText;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.core.metrics.WorkerCensus;
import io.qscale.core.protocol.ProtocolSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** {@code qscale metrics}: one snapshot of the queue and its workers. */
@Command(name = "metrics", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
        description = "Prints one snapshot of the queue and its workers.")
final class MetricsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--json", description = "Print JSON (times in milliseconds) instead of text.")
    private boolean json;

    @Option(names = "--census", description = "Also count the workers one by one and compare with the snapshot's"
            + " counters (exit 1 when they differ; take it while the queue is quiet).")
    private boolean census;

    @Override
    public Integer call() {
        RedisEndpoint endpoint = QscaleCommand.parse(spec, connection::endpoint);
        var keys = QscaleCommand.parse(spec, connection::keys);
        // One snapshot with this host's CPU: the collector waits the half second a CPU reading needs.
        ScalingConfig rules = QscaleCommand.parse(spec, connection::scaling);
        try (QueueContext pool = QueueContext.connect(endpoint, keys, rules, true)) {
            MetricsSnapshot snapshot = pool.snapshot();
            if (json) {
                ObjectNode node = SnapshotText.json(snapshot);
                ObjectNode applied = node.putObject("rules");
                rules.policies().forEach(policy -> applied.withArray("policies").add(policy.configName()));
                applied.put("minWorkers", rules.minWorkers()).put("maxWorkers", rules.maxWorkers());
                spec.commandLine().getOut().println(node.toPrettyString());
            } else {
                spec.commandLine().getOut().println(SnapshotText.human(snapshot, endpoint.toString())
                        + System.lineSeparator() + String.format(Locale.ROOT, "  %-13s %s", "rules", rules.summary()));
            }
            return census ? compareWithCensus(pool, snapshot) : 0;
        }
    }

    /** The snapshot's counters against a census that visits every worker: same, or each figure that differs. */
    private int compareWithCensus(QueueContext pool, MetricsSnapshot s) {
        WorkerCensus.Census c = new WorkerCensus(pool.redis(), pool.keys(), ProtocolSettings.defaults()).take();
        Map<String, long[]> figures = new LinkedHashMap<>();
        figures.put("registered", new long[] {s.registeredWorkers(), c.registered()});
        figures.put("active", new long[] {s.activeWorkers(), c.active()});
        figures.put("busy", new long[] {s.busyWorkers(), c.busy()});
        figures.put("slots", new long[] {s.taskSlots(), c.slots()});
        figures.put("busy slots", new long[] {s.busyTaskSlots(), c.busySlots()});
        figures.put("in flight", new long[] {s.inFlight(), c.inFlight()});
        figures.put("orphaned", new long[] {s.orphaned(), c.orphaned()});
        List<String> differ = new ArrayList<>();
        figures.forEach((name, pair) -> {
            if (pair[0] != pair[1]) {
                differ.add(name + " " + pair[0] + " (census " + pair[1] + ")");
            }
        });
        PrintWriter out = spec.commandLine().getOut();
        if (differ.isEmpty()) {
            out.println("census: " + c.registered() + " workers visited one by one; every count equals the snapshot's");
            return 0;
        }
        out.println("census: the snapshot's counters differ from a count of the workers: " + String.join(", ", differ)
                + " (while tasks move, run it again; if it stays, see docs/troubleshooting.md)");
        return 1;
    }
}
