package io.qscale.cli;

import io.qscale.cli.output.SnapshotText;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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

    @Override
    public Integer call() {
        RedisEndpoint endpoint = QscaleCommand.parse(spec, connection::endpoint);
        var keys = QscaleCommand.parse(spec, connection::keys);
        // One snapshot with this host's CPU: the collector waits the half second a CPU reading needs.
        try (QueueContext pool = QueueContext.connect(endpoint, keys, ScalingConfig.defaults(), true)) {
            MetricsSnapshot snapshot = pool.snapshot();
            spec.commandLine().getOut().println(json ? SnapshotText.json(snapshot).toPrettyString()
                    : SnapshotText.human(snapshot, endpoint.toString()));
            return 0;
        }
    }
}
