package io.qscale.cli;

import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.manager.config.QscaleConfig;
import io.qscale.rules.config.ScalingConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every command that talks to Redis shares. Filled once by picocli; not thread-safe. */
public final class ConnectionOptions {

    @Option(names = "--redis", paramLabel = "URI", defaultValue = "${env:REDIS_URL:-redis://127.0.0.1:6379}",
            description = "Redis URI: redis://, rediss:// (TLS) or redis-sentinel:// (env REDIS_URL). Default: ${DEFAULT-VALUE}")
    String redisUri;

    @Option(names = "--queue", defaultValue = "${env:QSCALE_QUEUE:-tasks}",
            description = "Queue name (env QSCALE_QUEUE). Default: ${DEFAULT-VALUE}")
    String queue;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A qscale.yml (env QSCALE_CONFIG). Default: ./qscale.yml when it exists. Flags and environment win over it.")
    Path configFile;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private QscaleConfig file;

    /** The configuration file in force (over the given profile), read once. */
    QscaleConfig file(ScalingConfig base) {
        if (file == null) {
            file = QscaleConfig.locate(configFile, base);
        }
        return file;
    }

    RedisEndpoint endpoint() {
        return RedisEndpoint.parse("--redis", resolve("--redis", "REDIS_URL", redisUri, file(ScalingConfig.defaults()).redis()));
    }

    QueueKeys keys() {
        return new QueueKeys(resolve("--queue", "QSCALE_QUEUE", queue, file(ScalingConfig.defaults()).queue()));
    }

    /** A flag given, else the environment variable, else the file, else the default. */
    private String resolve(String option, String env, String current, Optional<String> fromFile) {
        boolean flag = mixee.commandLine().getParseResult().hasMatchedOption(option);
        return flag || System.getenv(env) != null ? current : fromFile.orElse(current);
    }
}
