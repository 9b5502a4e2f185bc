package io.qscale.cli.http;

import io.qscale.commandline.LogFormat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qscale.commandline.RedisOptions;
import io.qscale.manager.config.QscaleConfig;
import io.qscale.manager.runtime.Pool;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.slf4j.LoggerFactory;

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
     * Starts the API of a running pool unless {@code --no-http}; returns what to close. It reads
     * the pool's stream and session: no Redis connection or sampler of its own.
     */
    public AutoCloseable start(Pool pool, String version, QscaleConfig.Http file, PrintWriter out) throws IOException {
        if (off) {
            return () -> { };
        }
        ApiSettings settings = settings(file);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PoolObserver observer = new PoolObserver(pool, registry);
        ApiServer server;
        try {
            server = new ApiServer(pool, observer, registry, settings, version);
        } catch (IOException | RuntimeException e) {
            closeQuietly(observer);
            throw e;
        }
        server.start();
        if (out != null) {
            LogFormat.announce(out, LoggerFactory.getLogger(HttpOptions.class),
                    "HTTP API on http://" + settings.bind() + ":" + server.port() + "/api (Prometheus: /metrics)");
        }
        return () -> {
            server.close();
            observer.close();
        };
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already failing
        }
    }
}
