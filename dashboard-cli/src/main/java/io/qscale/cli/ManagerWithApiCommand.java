package io.qscale.cli;

import io.qscale.cli.http.ApiSettings;
import io.qscale.cli.http.HttpOptions;
import io.qscale.manager.config.QscaleConfig;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.manager.cli.ManagerCommand;
import io.qscale.rules.config.ScalingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/** {@code qscale manager}: the manager, with the HTTP API and /metrics beside it. */
@Command(name = "manager", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
        description = "Runs the autoscaler (collect, decide, scale, record, every tick) with its HTTP API.",
        footer = {"", "Examples:",
                "  qscale manager --auto-scale",
                "  qscale manager --manual-scale 6",
                "  qscale manager --scaler docker --scaler-setting image=qscale/worker:local",
                "  qscale manager --http-bind 0.0.0.0 --api-token \"$TOKEN\"",
                "Exit codes: 0 stopped, 1 Redis unreachable or the scaler cannot start, 2 bad option."})
final class ManagerWithApiCommand extends ManagerCommand {

    @Mixin
    private HttpOptions http;

    @Override
    protected AutoCloseable started(RedisEndpoint endpoint, QueueKeys keys, ScalingConfig config, String scalerName,
            QscaleConfig file) throws Exception {
        ApiSettings settings = QscaleCommand.parse(spec, () -> http.settings(file.http()));
        try {
            return http.start(endpoint, keys, config, scalerName, new QscaleCommand.Version().getVersion()[0], file.http(),
                    spec.commandLine().getOut());
        } catch (java.net.BindException e) {
            throw new ParameterException(spec.commandLine(), "--http-port " + settings.port()
                    + " is in use; choose another or use --no-http");
        }
    }
}
