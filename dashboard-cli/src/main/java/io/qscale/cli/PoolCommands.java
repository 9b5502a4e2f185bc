package io.qscale.cli;

import io.qscale.cli.actions.PoolActions;
import io.qscale.cli.actions.QueueContext;
import io.qscale.cli.actions.StressRequest;

import io.qscale.cli.dashboard.Charts;
import io.qscale.cli.output.SnapshotText;
import io.qscale.rules.format.Human;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import java.util.OptionalInt;

/** The small commands that act on or look at one pool. */
final class PoolCommands {

    private PoolCommands() {
    }

    /** Runs an action with the pool, turning a bad value into a one-line exit 2. */
    abstract static class PoolCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Override
        public Integer call() throws Exception {
            try (QueueContext pool = QueueContext.connect(QscaleCommand.parse(spec, connection::endpoint),
                    QscaleCommand.parse(spec, connection::keys), QscaleCommand.parse(spec, connection::scaling), false)) {
                PoolActions actions = new PoolActions(pool);
                return QscaleCommand.parse(spec, () -> {
                    try {
                        return run(pool, actions, spec.commandLine().getOut());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return 1;
                    }
                });
            }
        }

        abstract int run(QueueContext pool, PoolActions actions, PrintWriter out) throws InterruptedException;
    }

    @Command(name = "stress", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
            description = "Enqueues demo tasks, with a progress bar.")
    static final class Stress extends PoolCommand {
        @Option(names = "--tasks", required = true, description = "How many tasks (1 to 100000).")
        int tasks;

        @Option(names = "--type", defaultValue = "sleep", description = "sleep, cpu, fail or noop. Default: ${DEFAULT-VALUE}")
        String type;

        @Option(names = "--duration-ms", defaultValue = "3000", description = "Duration of each task. Default: ${DEFAULT-VALUE}")
        long durationMs;

        @Option(names = "--fail-rate", defaultValue = "0", description = "Probability (0 to 1) that a task fails. Default: ${DEFAULT-VALUE}")
        double failRate;

        @Override
        int run(QueueContext pool, PoolActions actions, PrintWriter out) {
            actions.stress(new StressRequest(tasks, type, durationMs, failRate), out, true);
            return 0;
        }
    }

    @Command(name = "scale", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
            description = "Holds exactly N workers (sets the managers' mode to manual:N; 'qscale mode auto' undoes it).")
    static final class Scale extends PoolCommand {
        @Parameters(paramLabel = "N", description = "Workers to hold (0 to 10000).")
        int workers;

        @Override
        int run(QueueContext pool, PoolActions actions, PrintWriter out) {
            out.println(actions.scale(workers));
            return 0;
        }
    }

    @Command(name = "mode", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
            description = "Sets the managers' mode: auto, dry-run or manual:N.")
    static final class Mode extends PoolCommand {
        @Parameters(paramLabel = "MODE", description = "auto, dry-run or manual:N")
        String mode;

        @Override
        int run(QueueContext pool, PoolActions actions, PrintWriter out) {
            out.println(actions.setMode(actions.parseMode(mode, OptionalInt.empty())));
            return 0;
        }
    }

    @Command(name = "workers", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
            description = "Lists the registered workers.")
    static final class Workers extends PoolCommand {
        @Override
        int run(QueueContext pool, PoolActions actions, PrintWriter out) {
            out.println(actions.workers());
            return 0;
        }
    }

    @Command(name = "decisions", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
            description = "Shows the last scaling decisions, newest first.")
    static final class Decisions extends PoolCommand {
        @Option(names = "--limit", defaultValue = "20", description = "How many (1 to 1000). Default: ${DEFAULT-VALUE}")
        int limit;

        @Override
        int run(QueueContext pool, PoolActions actions, PrintWriter out) {
            out.println(actions.decisions(limit));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
            description = "One line: mode, manager, workers, queue.")
    static final class Status extends PoolCommand {
        @Override
        int run(QueueContext pool, PoolActions actions, PrintWriter out) {
            out.println(actions.status());
            return 0;
        }
    }

    @Command(name = "monitor", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
            description = "Prints a line per interval for a while, then draws the history.")
    static final class Monitor extends PoolCommand {
        @Option(names = "--duration", required = true, paramLabel = "S", description = "How long, in seconds (1 to 86400).")
        int duration;

        @Option(names = "--interval", defaultValue = "1", paramLabel = "I", description = "Seconds between lines (1 to 3600). Default: ${DEFAULT-VALUE}")
        int interval;

        @Option(names = "--json", description = "One JSON object per line instead of text.")
        boolean json;

        @Override
        int run(QueueContext pool, PoolActions actions, PrintWriter out) throws InterruptedException {
            if (duration < 1 || duration > 86_400) {
                throw new IllegalArgumentException("--duration must be between 1 and 86400, but was " + duration);
            }
            if (interval < 1 || interval > 3600) {
                throw new IllegalArgumentException("--interval must be between 1 and 3600, but was " + interval);
            }
            List<Long> queue = new ArrayList<>();
            List<Long> workers = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(duration).toNanos();
            while (true) {
                MetricsSnapshot s = pool.snapshot();
                queue.add(s.queueLength());
                workers.add((long) s.activeWorkers());
                out.println(json ? SnapshotText.json(s).toString()
                        : LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  queue " + s.queueLength()
                                + "  workers " + s.activeWorkers() + " (busy " + s.busyWorkers() + ", "
                                + Human.percent(s.utilization()) + ")  done/s " + Human.rate(s.completionRate())
                                + "  latency " + Human.duration(s.oldestTaskAge()));
                out.flush();
                if (System.nanoTime() + Duration.ofSeconds(interval).toNanos() > end) {
                    break;
                }
                Thread.sleep(interval * 1000L);
            }
            if (!json) {
                out.println("queue    " + Charts.sparkline(queue.stream().mapToLong(Long::longValue).toArray(), 100));
                out.println("workers  " + Charts.sparkline(workers.stream().mapToLong(Long::longValue).toArray(), 100));
            }
            return 0;
        }
    }
}
