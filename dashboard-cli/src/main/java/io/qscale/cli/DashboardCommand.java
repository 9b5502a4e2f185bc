package io.qscale.cli;

import io.qscale.cli.dashboard.DashboardModel;
import io.qscale.cli.dashboard.History;
import io.qscale.cli.dashboard.TerminalScreen;
import io.qscale.manager.Manager;
import io.qscale.manager.ManagerMode;
import io.qscale.manager.ManagerSettings;
import io.qscale.manager.RecordedDecision;
import io.qscale.manager.scaler.Scaler;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.Scalers;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.format.Human;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.policy.ScalingEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qscale dashboard}: the live view of a pool, redrawn every second; with
 * {@code --auto-scale} the manager runs inside; with {@code --interactive} keys act on the pool.
 * When standard output is not a terminal it prints one line per second instead.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
        description = "The live dashboard of a pool (Ctrl-C quits; q too with --interactive).",
        footer = {"", "Keys with --interactive: + / - scale by one, s stress 25, a auto on/off, q quit."})
final class DashboardCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--auto-scale", description = "Run the manager (autoscaler) inside the dashboard.")
    private boolean autoScale;

    @Option(names = "--interactive", description = "Keys act on the pool: + - s a q.")
    private boolean interactive;

    @Option(names = "--profile", defaultValue = "demo",
            description = "Rules of the manager inside: demo (pool 3 to 6, short windows) or default. Default: ${DEFAULT-VALUE}")
    private String profile;

    @Option(names = "--scaler", defaultValue = "local", description = "Scaler of the manager inside. Default: ${DEFAULT-VALUE}")
    private String scalerType;

    @Option(names = "--scaler-setting", paramLabel = "KEY=VALUE", description = "Scaler settings, repeatable.")
    private Map<String, String> scalerSettings = new LinkedHashMap<>();

    @picocli.CommandLine.Mixin
    private io.qscale.cli.http.HttpOptions http;

    @Override
    public Integer call() throws Exception {
        ScalingConfig base = QscaleCommand.parse(spec, () -> switch (profile) {
            case "demo" -> ScalingConfig.demo();
            case "default" -> ScalingConfig.defaults();
            default -> throw new IllegalArgumentException("--profile must be demo or default, but was '" + profile + "'");
        });
        var file = QscaleCommand.parse(spec, () -> connection.file(base));
        ScalingConfig config = file.scaling();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--scaler")) {
            scalerType = file.scalerType().orElse(scalerType);
        }
        Map<String, String> merged = new LinkedHashMap<>(file.scalerSettings());
        merged.putAll(scalerSettings);
        scalerSettings = merged;
        try (QueueContext pool = new QueueContext(QscaleCommand.parse(spec, connection::endpoint),
                QscaleCommand.parse(spec, connection::keys), true)) {
            Scaler scaler = null;
            Manager manager = null;
            if (autoScale) {
                scaler = QscaleCommand.parse(spec, () -> Scalers.provider(scalerType))
                        .create(new ScalerContext(pool.keys.queueName(), pool.endpoint, scalerSettings));
                manager = new Manager(pool.redis, pool.keys, pool.metrics, pool.registry, new ScalingEngine(config), scaler,
                        ManagerSettings.defaults("dashboard-" + ProcessHandle.current().pid()), Clock.systemUTC());
                manager.start();
            }
            QscaleCommand.parse(spec, () -> http.settings(file.http()));
            AutoCloseable api = http.start(pool.endpoint, pool.keys, config, autoScale ? scaler.name() : "none",
                    new QscaleCommand.Version().getVersion()[0], file.http(),
                    System.console() == null ? spec.commandLine().getOut() : null);
            // However the process stops (q, Ctrl-C, kill), the manager inside stops and its local workers with it.
            Manager runningManager = manager;
            Scaler runningScaler = scaler;
            Thread cleanUp = new Thread(() -> {
                try {
                    api.close();
                } catch (Exception e) {
                    // stopping anyway
                }
                if (runningManager != null) {
                    runningManager.close();
                }
                if (runningScaler != null) {
                    runningScaler.close();
                }
            }, "qscale-dashboard-shutdown");
            Runtime.getRuntime().addShutdownHook(cleanUp);
            try {
                return System.console() != null ? live(pool) : lines(pool);
            } finally {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
                cleanUp.run();
            }
        }
    }

    private int live(QueueContext pool) throws Exception {
        PoolActions actions = new PoolActions(pool);
        History history = new History(600);
        String message = "";
        try (TerminalScreen screen = TerminalScreen.open()) {
            Terminal terminal = screen.terminal();
            if (interactive) {
                terminal.enterRawMode();
            }
            NonBlockingReader keys = terminal.reader();
            while (true) {
                screen.draw(model(pool, actions, history, message));
                int key = interactive ? keys.read(1000) : sleep();
                if (key == 'q') {
                    return 0;
                }
                String done = interactive ? onKey(key, pool, actions) : null;
                if (done != null) {
                    message = done;
                }
            }
        }
    }

    private static int sleep() throws InterruptedException {
        Thread.sleep(1000);
        return -2;
    }

    /** What a key does; null when the key means nothing. */
    private static String onKey(int key, QueueContext pool, PoolActions actions) {
        int active = pool.metrics.snapshot().activeWorkers();
        return switch (key) {
            case '+' -> actions.scale(active + 1);
            case '-' -> actions.scale(Math.max(0, active - 1));
            case 's' -> {
                actions.stress(25, "sleep", 3000, 0, new PrintWriter(new StringWriter()), false);
                yield "stress 25: 25 tasks enqueued";
            }
            case 'a' -> actions.mode().kind() == ManagerMode.Kind.AUTO
                    ? actions.setMode(ManagerMode.manual(active)) : actions.setMode(ManagerMode.AUTO);
            default -> null;
        };
    }

    private DashboardModel model(QueueContext pool, PoolActions actions, History history, String message) {
        MetricsSnapshot snapshot = null;
        List<RecordedDecision> recent = List.of();
        String mode = "?";
        try {
            snapshot = pool.metrics.snapshot();
            recent = pool.decisions.recent(30);
            mode = actions.mode().wire() + ", manager " + actions.leader().orElse("none");
        } catch (RuntimeException e) {
            message = "Redis: " + e.getMessage();
        }
        RecordedDecision latest = recent.isEmpty() ? null : recent.get(0);
        if (snapshot != null) {
            history.add(new History.Point(Instant.now(), snapshot.queueLength(), snapshot.activeWorkers(),
                    latest == null ? snapshot.activeWorkers() : latest.decision().target(), snapshot.busyWorkers()));
        }
        List<RecordedDecision> changes = recent.stream().filter(d -> d.outcome() == RecordedDecision.Outcome.APPLIED
                || d.outcome() == RecordedDecision.Outcome.FAILED).toList();
        String keys = interactive ? "+/- scale  s stress 25  a auto  q quit" : "Ctrl-C quits";
        return new DashboardModel("qscale — queue " + pool.keys.queueName() + " at " + pool.endpoint + "   "
                + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), snapshot, latest, changes,
                history.points(), "mode " + mode + "   " + keys + (message.isEmpty() ? "" : "   | " + message));
    }

    /** Not a terminal: one line per second. */
    private int lines(QueueContext pool) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        while (!Thread.currentThread().isInterrupted()) {
            MetricsSnapshot s = pool.metrics.snapshot();
            List<RecordedDecision> recent = pool.decisions.recent(1);
            out.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  queue " + s.queueLength()
                    + "  workers " + s.activeWorkers() + " (busy " + s.busyWorkers() + ")  latency "
                    + Human.duration(s.oldestTaskAge()) + (recent.isEmpty() ? "" : "  | " + recent.get(0).decision().reason()));
            out.flush();
            Thread.sleep(1000);
        }
        return 0;
    }
}
