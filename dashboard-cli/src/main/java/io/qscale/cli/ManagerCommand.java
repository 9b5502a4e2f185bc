package io.qscale.cli;

import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisUnavailableException;
import io.qscale.core.control.ManagerMode;
import io.qscale.cli.http.HttpOptions;
import io.qscale.manager.ManagerSettings;
import io.qscale.manager.runtime.Pool;
import io.qscale.manager.config.QscaleConfig;
import io.qscale.manager.scaler.Scaler;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.ScalerException;
import io.qscale.manager.scaler.Scalers;
import io.qscale.rules.config.PolicyKind;
import io.qscale.rules.config.ScalingConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import io.qscale.commandline.CleanStop;
import io.qscale.commandline.LogFormat;
import io.qscale.commandline.LogFormatOption;
import io.qscale.commandline.RedisOptions;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import java.net.BindException;

/**
 * {@code qscale manager}: a {@link Pool} runtime with the manager inside, and the HTTP API on
 * its stream, until SIGTERM. Not thread-safe (picocli fills it once).
 */
@Command(name = "manager", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
        description = "Runs the autoscaler (collect, decide, scale, record, every tick) with its HTTP API.",
        footer = {"", "Examples:",
                "  qscale manager --auto-scale",
                "  qscale manager --manual-scale 6",
                "  qscale manager --scaler docker --scaler-setting image=qscale/worker:local",
                "  qscale manager --scaler kubernetes --scaler-setting deployment=qscale-worker",
                "  qscale manager --http-bind 0.0.0.0 --api-token \"$TOKEN\"",
                "Exit codes: 0 stopped, 1 Redis unreachable or the scaler cannot start, 2 bad option."})
final class ManagerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HttpOptions http;

    @Mixin
    private RedisOptions connection;

    @Mixin
    private LogFormatOption logFormat;

    static final class ModeOptions {
        @Option(names = "--auto-scale", description = "Apply the rules' decisions (the default mode).")
        boolean auto;

        @Option(names = "--manual-scale", paramLabel = "N", description = "Hold exactly N workers (0 to --max); still record what auto would do.")
        Integer manual;

        @Option(names = "--dry-run", description = "Decide and record, never act.")
        boolean dryRun;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private ModeOptions modeOptions;

    @Option(names = "--scaler", defaultValue = "${env:QSCALE_SCALER:-local}",
            description = "local, docker, swarm, kubernetes, or the class name of a ScalerProvider (env QSCALE_SCALER). Default: ${DEFAULT-VALUE}")
    private String scalerType;

    @Option(names = "--scaler-setting", paramLabel = "KEY=VALUE",
            description = "A scaler setting, repeatable: image=..., network=..., service=..., deployment=..., namespace=..., command=... (see docs/operations.md).")
    private Map<String, String> scalerSettings = new LinkedHashMap<>();

    @Mixin
    private RulesOptions rules;

    @Option(names = "--policies", split = ",", paramLabel = "POLICY",
            description = "Policies that vote: thresholds, target-tracking, latency. Default: the profile's.")
    private List<String> policies = new ArrayList<>();

    @Option(names = "--tick-ms", defaultValue = "1000", description = "Time between ticks. Default: ${DEFAULT-VALUE}")
    private long tickMs;

    @Option(names = "--id", description = "This manager's id in the leader lease. Default: host-pid")
    private String managerId;

    @Override
    public Integer call() throws Exception {
        RedisEndpoint endpoint;
        QueueKeys keys;
        ScalingConfig config;
        ManagerSettings settings;
        QscaleConfig file;
        ManagerMode mode;
        try {
            file = rules.file();
            endpoint = connection.endpoint(file.redis());
            keys = connection.keys(file.queue());
            MDC.put("queue", keys.queueName());
            config = scalingConfig(file.scaling());
            scalerType = RedisOptions.resolve(spec, "--scaler", "QSCALE_SCALER", scalerType, file.scalerType());
            Map<String, String> merged = new LinkedHashMap<>(file.scalerSettings());
            merged.putAll(scalerSettings);
            scalerSettings = merged;
            String id = managerId != null ? managerId : InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
            if (tickMs <= 0) {
                throw new IllegalArgumentException("--tick-ms must be > 0, but was " + tickMs);
            }
            Duration tick = Duration.ofMillis(tickMs);
            settings = ManagerSettings.defaults(id).withTiming(tick, ManagerSettings.DEFAULT_LEASE_TIME.compareTo(tick.multipliedBy(2)) >= 0
                    ? ManagerSettings.DEFAULT_LEASE_TIME : tick.multipliedBy(5), ManagerSettings.DEFAULT_DRAIN_GRACE);
            mode = modeOptions != null ? (modeOptions.manual != null ? ManagerMode.manual(modeOptions.manual)
                    : modeOptions.dryRun ? ManagerMode.DRY_RUN : ManagerMode.AUTO) : file.mode().orElse(null);
            http.settings(file.http());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Scaler scaler;
        try {
            scaler = Scalers.provider(scalerType).create(new ScalerContext(keys.queueName(), endpoint, scalerSettings));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (ScalerException e) {
            spec.commandLine().getErr().println("qscale manager: " + e.getMessage());
            return 1;
        }
        Pool pool;
        try {
            pool = Pool.builder(endpoint, keys).manager(config, scaler, settings).open();
        } catch (RedisUnavailableException e) {
            scaler.close();
            spec.commandLine().getErr().println("qscale manager: " + e.getMessage());
            return 1;
        }
        if (mode != null) {
            pool.modes().set(mode);
        }
        AutoCloseable api;
        try {
            api = http.start(pool, new QscaleCommand.Version().getVersion()[0], file.http(), spec.commandLine().getOut());
        } catch (BindException e) {
            pool.close();
            throw new ParameterException(spec.commandLine(), "--http-port " + http.settings(file.http()).port()
                    + " is in use; choose another or use --no-http");
        }
        // SIGTERM or Ctrl-C: stop the API, give up the lease, stop local workers, exit 0.
        CleanStop stop = CleanStop.install("qscale-manager-shutdown", () -> {
            closeQuietly(api);
            pool.close();
        });
        LogFormat.announce(spec.commandLine().getOut(), LoggerFactory.getLogger(getClass()), "qscale manager on queue " + keys.queueName() + " at " + endpoint + ": scaler "
                + scaler.name() + ", mode " + pool.manager().orElseThrow().mode() + ", rules " + config.summary()
                + " (Ctrl-C stops it and its local workers)");
        pool.start();
        stop.await();
        return 0;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // stopping anyway
        }
    }

    /** The file's rules (over the profile), then the flags. */
    private ScalingConfig scalingConfig(ScalingConfig fromFile) {
        ScalingConfig config = fromFile;
        if (!policies.isEmpty()) {
            List<PolicyKind> kinds = new ArrayList<>();
            for (int i = 0; i < policies.size(); i++) {
                kinds.add(PolicyKind.fromConfig("--policies[" + i + "]", policies.get(i)));
            }
            config = config.withPolicies(kinds);
        }
        ScalingConfig bounded = rules.bounded(config);
        if (modeOptions != null && modeOptions.manual != null) {
            bounded.checkManualTarget(modeOptions.manual);
        }
        return bounded;
    }

}
