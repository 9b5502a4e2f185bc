package io.qscale.cli;

import io.qscale.cli.dashboard.Charts;
import io.qscale.cli.dashboard.DashboardModel;
import io.qscale.cli.dashboard.History;
import io.qscale.cli.dashboard.TerminalScreen;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.core.redis.RedisUnavailableException;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.manager.ManagerSettings;
import io.qscale.manager.runtime.Pool;
import io.qscale.manager.runtime.PoolEvent;
import io.qscale.core.control.RecordedDecision;
import io.qscale.manager.local.LocalProcessScaler;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.format.Human;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.policy.ScaleAction;
import io.qscale.worker.demo.DemoTasks;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import io.qscale.manager.Manager;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code qscale demo}: the story of docs/architecture.md played by itself: 3 workers, a burst of tasks, the
 * pool grows to 5 then 6, drains, and shrinks back to 3; then the final metrics. Exits 1 with
 * the reason when the story did not happen.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
        description = "Plays the autoscaling story by itself (about two minutes).",
        footer = {"", "Uses REDIS_URL when it answers, else starts an embedded redis-server.",
                "Exit codes: 0 the story happened, 1 it did not (the reason is printed), 2 bad option."})
final class DemoCommand implements Callable<Integer> {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Spec
    private CommandSpec spec;

    @Option(names = "--redis", paramLabel = "URI", defaultValue = "${env:REDIS_URL:-redis://127.0.0.1:6379}",
            description = "Redis to use when it answers (env REDIS_URL). Default: ${DEFAULT-VALUE}")
    private String redisUri;

    @Option(names = "--queue", defaultValue = "demo", description = "The demo's queue (cleared first). Default: ${DEFAULT-VALUE}")
    private String queueName;

    @Option(names = "--headless", description = "Plain timestamped lines instead of the live dashboard.")
    private boolean headless;

    @Option(names = "--tasks", defaultValue = "25", description = "Tasks in the burst. Default: ${DEFAULT-VALUE}")
    private int tasks;

    @Option(names = "--task-ms", defaultValue = "3000", description = "Duration of one task. Default: ${DEFAULT-VALUE}")
    private long taskMs;

    @Override
    public Integer call() throws Exception {
        if (tasks < 1 || tasks > 10_000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--tasks must be between 1 and 10000, but was " + tasks);
        }
        if (taskMs < 0 || taskMs > 60_000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--task-ms must be between 0 and 60000, but was " + taskMs);
        }
        QueueKeys keys = QscaleCommand.parse(spec, () -> new QueueKeys(queueName));
        RedisEndpoint wanted = QscaleCommand.parse(spec, () -> RedisEndpoint.parse("--redis", redisUri));
        PrintWriter out = spec.commandLine().getOut();
        LocalRedisServer embedded = null;
        RedisEndpoint endpoint = wanted;
        try {
            RedisSession.connect(wanted).close();
        } catch (RedisUnavailableException e) {
            embedded = LocalRedisServer.start();
            endpoint = RedisEndpoint.parse("embedded", embedded.uri());
            out.println("Redis at " + wanted + " is not reachable: started an embedded redis-server at " + embedded.uri()
                    + " (" + embedded.binary().getFileName() + ")");
        }
        try {
            return play(endpoint, keys, out);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private int play(RedisEndpoint endpoint, QueueKeys keys, PrintWriter out) throws Exception {
        Path logs = Files.createTempDirectory("qscale-demo-");
        LocalProcessScaler scaler = LocalProcessScaler.create(new ScalerContext(keys.queueName(), endpoint,
                Map.of("logDir", logs.toString(), "stateDir", logs.toString())));
        Pool pool;
        try {
            clear(endpoint, keys);
            pool = Pool.builder(endpoint, keys)
                    .manager(ScalingConfig.demo(), scaler, ManagerSettings.defaults("demo-" + ProcessHandle.current().pid()))
                    .open();
        } catch (RuntimeException e) {
            scaler.close();
            throw e;
        }
        // Ctrl-C: stop the workers, and give the terminal back as it was (an interrupted demo still exits non-zero).
        AtomicReference<TerminalScreen> shown = new AtomicReference<>();
        Thread cleanUp = new Thread(() -> {
            pool.close();
            TerminalScreen screen = shown.get();
            if (screen != null) {
                try {
                    screen.close();
                } catch (IOException | RuntimeException e) {
                    // the process ends anyway
                }
            }
        }, "qscale-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        List<RecordedDecision> decided = new CopyOnWriteArrayList<>();
        // The pool's events for as long as it runs: closing the pool ends them.
        pool.subscribe(event -> {
            if (event instanceof PoolEvent.Decided d) {
                decided.add(d.decision());
            }
        });
        try (pool) {
            Story story = new Story();
            boolean live = !headless && System.console() != null;
            out.println("qscale demo on queue " + keys.queueName() + " at " + endpoint + " (worker logs in " + logs + ")");
            try (TerminalScreen screen = live ? TerminalScreen.open() : null) {
                shown.set(screen);
                Phase phase = Phase.STARTING;
                Instant started = Instant.now();
                Instant burstAt = null;
                while (phase != Phase.DONE) {
                    decided.clear();
                    // The demo drives the ticks itself, so that its story is told in step with them.
                    pool.tick();
                    MetricsSnapshot snapshot = pool.latest().orElse(null);
                    RecordedDecision decision = decided.isEmpty() ? null : decided.get(decided.size() - 1);
                    story.observe(decision, snapshot);
                    if (phase == Phase.STARTING && snapshot != null && snapshot.activeWorkers() == 3) {
                        pool.tasks().enqueueAll(DemoTasks.batch("sleep", tasks, taskMs, 0, Instant.now()));
                        burstAt = Instant.now();
                        story.burst(burstAt);
                        story.note("stress " + tasks + ": " + tasks + " tasks of " + Human.duration(Duration.ofMillis(taskMs)) + " enqueued");
                        phase = Phase.BURST;
                    } else if (phase == Phase.BURST && story.finished(snapshot, tasks, pool.manager().orElseThrow())) {
                        phase = Phase.DONE;
                    }
                    String limit = story.timeout(started, burstAt);
                    if (limit != null) {
                        story.fail(limit);
                        break;
                    }
                    if (screen != null) {
                        screen.draw(story.model(keys, endpoint, snapshot, decision == null ? pool.latestDecision().orElse(null)
                                : decision, "qscale demo: Ctrl-C stops it"));
                    } else {
                        story.printNew(out);
                    }
                    story.waitForNextTick(pool);
                }
            }
            Runtime.getRuntime().removeShutdownHook(cleanUp);
            story.printNew(out);
            story.printSummary(out, pool.latest().orElse(null));
            return story.failure() == null ? 0 : 1;
        }
    }

    /** The demo queue starts empty: no workers, tasks or statistics from an earlier run. */
    private static void clear(RedisEndpoint endpoint, QueueKeys queue) {
        try (RedisSession redis = RedisSession.connect(endpoint)) {
            List<String> keys = redis.commands().keys(queue.prefix() + "*");
            if (!keys.isEmpty()) {
                redis.commands().del(keys.toArray(new String[0]));
            }
        }
    }

    private enum Phase { STARTING, BURST, DONE }

    /** What the demo saw, what it prints, and whether the story happened. */
    private static final class Story {
        private final History history = new History(600);
        private final List<String> lines = new ArrayList<>();
        private final List<RecordedDecision> changes = new ArrayList<>();
        private int printed;
        private int maxPool;
        private boolean shrankBack;
        private String failure;
        private long workerMillis;
        private Instant lastAt;
        private int lastTarget = -1;

        /** When the ETA is checked: seconds after the burst. */
        private static final int[] ETA_CHECKS = {2, 5, 10};
        private final List<Instant> etaAt = new ArrayList<>();
        private final List<Duration> etaSaid = new ArrayList<>();
        private Instant burstAt;
        private Instant drainedAt;

        void burst(Instant at) {
            burstAt = at;
        }

        /**
         * Waits for the next tick, watching the queue length meanwhile so that the moment the
         * queue empties (the ETA's truth) is known to a twentieth of a second, not to a tick.
         */
        void waitForNextTick(Pool pool) throws InterruptedException {
            long end = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < end) {
                if (burstAt != null && drainedAt == null) {
                    try {
                        if (pool.redis().commands().llen(pool.keys().queue()) == 0) {
                            drainedAt = Instant.now();
                        }
                    } catch (RuntimeException e) {
                        // the next tick reports it
                    }
                }
                Thread.sleep(50);
            }
        }

        void observe(RecordedDecision decision, MetricsSnapshot snapshot) {
            Instant now = Instant.now();
            if (burstAt != null && snapshot != null && etaSaid.size() < ETA_CHECKS.length
                    && Duration.between(burstAt, now).toMillis() >= ETA_CHECKS[etaSaid.size()] * 1000L
                    && snapshot.queueLength() > 0) {
                snapshot.etaToDrain().ifPresent(eta -> {
                    etaAt.add(now);
                    etaSaid.add(eta);
                });
            }
            if (snapshot != null) {
                if (lastAt != null) {
                    workerMillis += snapshot.activeWorkers() * Duration.between(lastAt, now).toMillis();
                }
                lastAt = now;
                lastTarget = decision == null ? lastTarget : decision.decision().target();
                history.add(new History.Point(now, snapshot.queueLength(), snapshot.activeWorkers(),
                        lastTarget >= 0 ? lastTarget : snapshot.activeWorkers(), snapshot.busyWorkers()));
            }
            if (decision != null && decision.outcome() == RecordedDecision.Outcome.APPLIED) {
                changes.add(0, decision);
                int target = decision.decision().target();
                maxPool = Math.max(maxPool, target);
                if (maxPool >= 5 && target == 3 && decision.decision().action() == ScaleAction.SCALE_DOWN) {
                    shrankBack = true;
                }
                note(decision.decision().action().label() + ": " + decision.decision().reason());
            }
            if (snapshot != null && (lines.isEmpty() || history.points().size() % 5 == 0)) {
                note("queue " + snapshot.queueLength() + ", workers " + snapshot.activeWorkers() + " (busy " + snapshot.busyWorkers()
                        + "), completed " + snapshot.processingSamples());
            }
        }

        boolean finished(MetricsSnapshot snapshot, int tasks, Manager manager) {
            return snapshot != null && shrankBack && snapshot.queueLength() == 0 && snapshot.inFlight() == 0
                    && snapshot.activeWorkers() == 3 && manager.draining().isEmpty() && snapshot.processingSamples() >= tasks;
        }

        String timeout(Instant started, Instant burstAt) {
            if (burstAt == null && Duration.between(started, Instant.now()).toSeconds() > 90) {
                return "the 3 workers did not start within 90 s (see the worker logs)";
            }
            if (burstAt != null && Duration.between(burstAt, Instant.now()).toSeconds() > 240) {
                return maxPool < 5 ? "the pool never grew past " + maxPool + " workers within 4 minutes"
                        : "the pool did not shrink back to 3 within 4 minutes";
            }
            return null;
        }

        void note(String line) {
            lines.add(LocalTime.now(ZoneId.systemDefault()).format(CLOCK) + "  " + line);
        }

        void fail(String why) {
            failure = why;
        }

        String failure() {
            return failure;
        }

        void printNew(PrintWriter out) {
            for (; printed < lines.size(); printed++) {
                out.println(lines.get(printed));
            }
            out.flush();
        }

        DashboardModel model(QueueKeys keys, RedisEndpoint endpoint, MetricsSnapshot snapshot, RecordedDecision decision,
                String footer) {
            return new DashboardModel("qscale demo — queue " + keys.queueName() + " at " + endpoint, snapshot, decision,
                    changes, history.points(), footer);
        }

        void printSummary(PrintWriter out, MetricsSnapshot snapshot) {
            List<History.Point> points = history.points();
            out.println();
            out.println("History (one column per second):");
            out.println("  queue    " + Charts.sparkline(points.stream().mapToLong(History.Point::queue).toArray(), 100));
            out.println("  workers  " + Charts.sparkline(points.stream().mapToLong(History.Point::workers).toArray(), 100));
            if (snapshot != null) {
                out.println();
                out.println("Final metrics:");
                out.println("  tasks done      " + snapshot.processingSamples());
                out.println("  success rate    " + Human.percent(snapshot.successRate()));
                out.println("  average time    " + Human.duration(snapshot.avgProcessingTime()));
                out.println("  worker-seconds  " + workerMillis / 1000);
                out.println("  largest pool    " + maxPool);
            }
            if (drainedAt != null && !etaSaid.isEmpty()) {
                out.println();
                out.println("ETA to drain, as shown and as it happened (queue empty at +"
                        + Human.duration(Duration.between(burstAt, drainedAt)) + "):");
                for (int i = 0; i < etaSaid.size(); i++) {
                    long actual = Duration.between(etaAt.get(i), drainedAt).toMillis();
                    long said = etaSaid.get(i).toMillis();
                    out.println(String.format(Locale.ROOT, "  eta at +%ds: said %d ms, actual %d ms (%+d %%)",
                            Duration.between(burstAt, etaAt.get(i)).toSeconds(), said, actual,
                            actual == 0 ? 0 : Math.round(100.0 * (said - actual) / actual)));
                }
            }
            out.println();
            out.println(failure == null ? "The story happened: the pool grew to " + maxPool + " and shrank back to 3."
                    : "The story did not happen: " + failure);
            out.flush();
        }
    }
}
