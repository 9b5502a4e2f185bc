package io.qscale.cli;

import io.qscale.commandline.CleanStop;
import io.qscale.commandline.LogFormat;
import io.qscale.commandline.LogFormatOption;
import io.qscale.commandline.RedisOptions;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisUnavailableException;
import io.qscale.kubernetes.keda.KedaScalerServer;
import io.qscale.kubernetes.keda.PoolTarget;
import io.qscale.manager.config.QscaleConfig;
import io.qscale.manager.runtime.Pool;
import io.qscale.rules.config.ScalingConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code qscale keda-scaler}: serves KEDA's external scaler gRPC contract from qscale's own rules,
 * run on a {@link Pool} that samples the queue every tick, until SIGTERM. Not thread-safe
 * (picocli fills it once).
 */
@Command(name = "keda-scaler", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
        description = {"Serves KEDA's external scaler gRPC API (IsActive, StreamIsActive, GetMetricSpec, GetMetrics)",
                "from qscale's rules: one metric, the worker count qscale wants, with target size 1."},
        footer = {"", "Use it from a ScaledObject trigger of type external (or external-push) with",
                "scalerAddress: <service>:<port>; deploy/kubernetes/keda has a sample. KEDA then owns the replicas:",
                "keep the ScaledObject's min/maxReplicaCount equal to --min/--max (--min 0 lets KEDA scale to zero).",
                "docs/operations.md, \"qscale through KEDA\".",
                "Exit codes: 0 stopped, 1 Redis unreachable or the port is taken, 2 bad option."})
final class KedaScalerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private RedisOptions connection;

    @Mixin
    private LogFormatOption logFormat;

    @Option(names = "--port", defaultValue = "${env:QSCALE_KEDA_PORT:-9090}",
            description = "gRPC port (env QSCALE_KEDA_PORT). Default: ${DEFAULT-VALUE}")
    private int port;

    @Option(names = "--bind", defaultValue = "${env:QSCALE_KEDA_BIND:-127.0.0.1}",
            description = "Address to listen on (env QSCALE_KEDA_BIND); 0.0.0.0 in a pod. The API only reads. Default: ${DEFAULT-VALUE}")
    private String bind;

    @Mixin
    private RulesOptions rules;

    @Option(names = "--tick-ms", defaultValue = "1000", description = "Time between samples and decisions. Default: ${DEFAULT-VALUE}")
    private long tickMs;

    @Override
    public Integer call() throws Exception {
        RedisEndpoint endpoint;
        QueueKeys keys;
        ScalingConfig config;
        try {
            QscaleConfig file = rules.file();
            endpoint = connection.endpoint(file.redis());
            keys = connection.keys(file.queue());
            MDC.put("queue", keys.queueName());
            config = rules.bounded(file.scaling());
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--port must be between 0 and 65535, but was " + port);
            }
            if (tickMs <= 0) {
                throw new IllegalArgumentException("--tick-ms must be > 0, but was " + tickMs);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Pool pool;
        try {
            pool = Pool.builder(endpoint, keys).config(config).tick(Duration.ofMillis(tickMs)).open();
        } catch (RedisUnavailableException e) {
            spec.commandLine().getErr().println("qscale keda-scaler: " + e.getMessage());
            return 1;
        }
        PoolTarget target = new PoolTarget(pool, config, Clock.systemUTC());
        KedaScalerServer server;
        try {
            server = KedaScalerServer.start(target, keys.queueName(), bind, port);
        } catch (IOException e) {
            target.close();
            pool.close();
            spec.commandLine().getErr().println("qscale keda-scaler: cannot listen on " + bind + ":" + port + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            return 1;
        }
        // SIGTERM (the pod stops) or Ctrl-C: close the gRPC server and the pool, exit 0.
        CleanStop stop = CleanStop.install("qscale-keda-scaler-shutdown", () -> {
            server.close();
            target.close();
            pool.close();
        });
        LogFormat.announce(spec.commandLine().getOut(), LoggerFactory.getLogger(getClass()), "qscale keda-scaler on queue " + keys.queueName() + " at " + endpoint
                + ": gRPC on " + bind + ":" + server.port() + ", metric " + KedaScalerServer.metricName(keys.queueName())
                + " (target size 1), workers " + config.minWorkers() + " to " + config.maxWorkers());
        pool.start();
        stop.await();
        return 0;
    }
}
