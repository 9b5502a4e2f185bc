package io.qscale.cli.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.manager.DecisionLog;
import io.qscale.manager.ManagerModes;
import io.qscale.manager.ManagerSettings;
import io.qscale.manager.config.QscaleConfig;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.worker.demo.RedisOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The HTTP options of {@code qscale manager} and {@code qscale dashboard}, and the server they start. */
public final class HttpOptions {

    @Option(names = "--http-port", defaultValue = "8080", description = "Port of the HTTP API and /metrics. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--http-bind", defaultValue = "127.0.0.1",
            description = "Address to listen on; another than loopback needs --api-token. Default: ${DEFAULT-VALUE}")
    String bind;

    @Option(names = "--api-token", defaultValue = "${env:QSCALE_API_TOKEN}",
            description = "Bearer token for state-changing requests (env QSCALE_API_TOKEN, or http.token in qscale.yml).")
    String token;

    @Option(names = "--no-http", description = "Do not start the HTTP API.")
    boolean off;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Checks the options (a bad one fails naming it) before anything starts: flags, then environment, then the file. */
    public ApiSettings settings(QscaleConfig.Http file) {
        return new ApiSettings(RedisOptions.resolve(mixee, "--http-bind", null, bind, file.bind()),
                RedisOptions.resolve(mixee, "--http-port", null, port, file.port()),
                RedisOptions.resolve(mixee, "--api-token", "QSCALE_API_TOKEN", Optional.ofNullable(token), file.token().map(Optional::of)),
                ApiSettings.DEFAULT_MAX_BODY);
    }

    /**
     * Starts the API for a pool unless {@code --no-http}; returns what to close. The server and
     * its sampler use their own Redis connection.
     */
    public AutoCloseable start(RedisEndpoint endpoint, QueueKeys keys, ScalingConfig config, String scaler, String version,
            QscaleConfig.Http file, PrintWriter out) throws IOException {
        if (off) {
            return () -> { };
        }
        ApiSettings settings = settings(file);
        RedisSession redis = RedisSession.connect(endpoint);
        ProtocolSettings protocol = ProtocolSettings.defaults();
        DecisionLog decisions = new DecisionLog(redis, keys, ManagerSettings.DEFAULT_DECISIONS_KEPT);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PoolObserver observer = new PoolObserver(new MetricsCollector(redis, keys, protocol), decisions, registry, keys.queueName());
        ApiServer server = new ApiServer(new ApiServer.Pool(redis, keys.queueName(), endpoint.toString(),
                new TaskQueue(redis, keys, protocol, Clock.systemUTC()), new WorkerRegistry(redis, keys, protocol), decisions,
                new ManagerModes(redis, keys), keys.leader(), config, scaler, version), observer, registry, settings);
        observer.start();
        server.start();
        if (out != null) {
            out.println("HTTP API on http://" + settings.bind() + ":" + server.port() + "/api (Prometheus: /metrics)");
            out.flush();
        }
        return () -> {
            server.close();
            observer.close();
            redis.close();
        };
    }
}
