package io.qscale.cli;

import io.qscale.cli.actions.PoolActions;
import io.qscale.cli.actions.QueueContext;
import io.qscale.cli.actions.StressRequest;

import io.qscale.cli.dashboard.DashboardFeed;
import io.qscale.cli.dashboard.DashboardModel;
import io.qscale.cli.dashboard.TerminalScreen;
import io.qscale.commandline.CleanStop;
import io.qscale.core.control.ManagerMode;
import io.qscale.core.control.RecordedDecision;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.manager.ManagerSettings;
import io.qscale.manager.runtime.Pool;
import io.qscale.manager.runtime.PoolEvent;
import io.qscale.manager.scaler.Scaler;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.Scalers;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.format.Human;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import io.qscale.cli.http.HttpOptions;
import io.qscale.manager.runtime.Subscription;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * {@code qscale dashboard}: the live view of a pool, redrawn every second from one {@link Pool}
 * runtime (with {@code --auto-scale} the manager runs inside it); the HTTP API reads the same
 * stream. With {@code --interactive} keys act on the pool. When standard output is not a
 * terminal it prints one line per tick instead.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
        description = "The live dashboard of a pool (Ctrl-C quits; q too with --interactive).",
        footer = {"", "Keys with --interactive: + / - scale by one, s stress 25, a auto on/off, q quit.",
                "Exit codes: 0 stopped (q, Ctrl-C or SIGTERM; the manager inside stops its local workers), 1 Redis unreachable,",
                "2 bad option."})
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
            description = "Rules of the manager inside: demo (pool 3 to 6, short windows), default or thresholds. Default: ${DEFAULT-VALUE}")
    private String profile;

    @Option(names = "--scaler", defaultValue = "local", description = "Scaler of the manager inside. Default: ${DEFAULT-VALUE}")
    private String scalerType;

    @Option(names = "--scaler-setting", paramLabel = "KEY=VALUE", description = "Scaler settings, repeatable.")
    private Map<String, String> scalerSettings = new LinkedHashMap<>();

    @picocli.CommandLine.Mixin
    private HttpOptions http;

    /** The live screen while one is open, so that a stop signal can restore the terminal. */
    private volatile TerminalScreen screen;

    @Override
    public Integer call() throws Exception {
        ScalingConfig base = QscaleCommand.parse(spec, () -> ScalingConfig.profile(profile));
        var file = QscaleCommand.parse(spec, () -> connection.file(base));
        ScalingConfig config = file.scaling();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--scaler")) {
            scalerType = file.scalerType().orElse(scalerType);
        }
        Map<String, String> merged = new LinkedHashMap<>(file.scalerSettings());
        merged.putAll(scalerSettings);
        scalerSettings = merged;
        QscaleCommand.parse(spec, () -> http.settings(file.http()));
        RedisEndpoint endpoint = QscaleCommand.parse(spec, connection::endpoint);
        QueueKeys keys = QscaleCommand.parse(spec, connection::keys);
        Pool.Builder builder = Pool.builder(endpoint, keys).config(config);
        Scaler scaler = null;
        if (autoScale) {
            scaler = QscaleCommand.parse(spec, () -> Scalers.provider(scalerType))
                    .create(new ScalerContext(keys.queueName(), endpoint, scalerSettings));
            builder.manager(config, scaler, ManagerSettings.defaults("dashboard-" + ProcessHandle.current().pid()));
        }
        Pool pool;
        try {
            pool = builder.open();
        } catch (RuntimeException e) {
            if (scaler != null) {
                scaler.close();
            }
            throw e;
        }
        try (DashboardFeed feed = new DashboardFeed(pool)) {
            AutoCloseable api = http.start(pool, new QscaleCommand.Version().getVersion()[0], file.http(),
                    System.console() == null ? spec.commandLine().getOut() : null);
            // However the process stops (q, Ctrl-C, SIGTERM), the manager inside stops and its local
            // workers with it; a signal is a clean stop (exit 0).
            CleanStop stop = CleanStop.install("qscale-dashboard-shutdown", () -> {
                try {
                    api.close();
                } catch (Exception e) {
                    // stopping anyway
                }
                pool.close();
                closeScreen();
            });
            try {
                pool.start();
                return System.console() != null ? live(pool, feed) : lines(pool);
            } finally {
                stop.close();
            }
        }
    }

    private int live(Pool pool, DashboardFeed feed) throws Exception {
        QueueContext context = QueueContext.of(pool);
        PoolActions actions = new PoolActions(context);
        String message = "";
        try (TerminalScreen screen = TerminalScreen.open()) {
            this.screen = screen;
            Terminal terminal = screen.terminal();
            if (interactive) {
                terminal.enterRawMode();
            }
            NonBlockingReader keys = terminal.reader();
            while (true) {
                screen.draw(model(pool, feed, actions, message));
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

    /** A stop signal leaves the terminal as it found it: main screen, cursor shown, cooked mode. */
    private void closeScreen() {
        TerminalScreen open = screen;
        if (open != null) {
            try {
                open.close();
            } catch (IOException | RuntimeException e) {
                // the process ends anyway
            }
        }
    }

    private static int sleep() throws InterruptedException {
        Thread.sleep(1000);
        return -2;
    }

    /** What a key does; null when the key means nothing. */
    private static String onKey(int key, Pool pool, PoolActions actions) {
        int active = pool.latest().map(MetricsSnapshot::activeWorkers).orElse(0);
        try {
            return switch (key) {
                case '+' -> actions.scale(active + 1);
                case '-' -> actions.scale(Math.max(0, active - 1));
                case 's' -> {
                    actions.stress(StressRequest.sleeps(25), new PrintWriter(new StringWriter()), false);
                    yield "stress 25: 25 tasks enqueued";
                }
                case 'a' -> actions.mode().kind() == ManagerMode.Kind.AUTO
                        ? actions.setMode(ManagerMode.manual(active)) : actions.setMode(ManagerMode.AUTO);
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private DashboardModel model(Pool pool, DashboardFeed feed, PoolActions actions, String message) {
        String mode = "?";
        try {
            mode = actions.mode().wire() + ", manager " + actions.leader().orElse("none");
        } catch (RuntimeException e) {
            message = "Redis: " + e.getMessage();
        }
        String keys = interactive ? "+/- scale  s stress 25  a auto  q quit" : "Ctrl-C quits";
        return feed.model("qscale — queue " + pool.keys().queueName() + " at " + pool.endpoint() + "   "
                + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")),
                "mode " + mode + "   " + keys + (message.isEmpty() ? "" : "   | " + message));
    }

    /** Not a terminal: one line per tick, from the pool's stream. */
    private int lines(Pool pool) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LinkedBlockingQueue<PoolEvent> events = new LinkedBlockingQueue<>();
        Subscription subscription = pool.subscribe(events::offer);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                PoolEvent event = events.take();
                if (event instanceof PoolEvent.Sampled sampled) {
                    out.println(line(sampled.snapshot(), pool.latestDecision().orElse(null)));
                } else if (event instanceof PoolEvent.Unavailable unavailable) {
                    out.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  " + unavailable.reason());
                }
                out.flush();
            }
        } finally {
            subscription.close();
        }
        return 0;
    }

    /** One headless dashboard line: what the full screen shows, in one row. */
    static String line(MetricsSnapshot s, RecordedDecision latest) {
        return LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  queue " + s.queueLength()
                + "  workers " + s.activeWorkers() + " (busy " + s.busyWorkers() + ")  latency "
                + Human.duration(s.oldestTaskAge()) + "  eta " + s.etaToDrain().map(Human::duration).orElse("unknown")
                + "  host CPU " + Human.percent(s.host().cpuLoad())
                + (s.poolCpu().known() ? "  pool CPU " + Human.percent(s.poolCpu().mean()) : "")
                + (latest == null ? "" : "  | " + latest.decision().reason());
    }
}
