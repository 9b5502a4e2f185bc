package io.qscale.commandline;

import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.nio.file.Path;

/**
 * The {@code --redis} and {@code --queue} options every qscale command shares, and the one rule
 * for where a setting comes from: a flag given, else its environment variable, else the
 * configuration file, else the default. A picocli mixin, filled once; not thread-safe.
 */
public class RedisOptions {

    @Option(names = "--redis", paramLabel = "URI", defaultValue = "${env:REDIS_URL:-redis://127.0.0.1:6379}",
            description = "Redis URI: redis://, rediss:// (TLS), redis-sentinel:// or redis+cluster:// (env REDIS_URL)."
                    + " Default: ${DEFAULT-VALUE}")
    String redisUri;

    @Option(names = "--redis-ca", paramLabel = "FILE", defaultValue = "${env:QSCALE_REDIS_CA}",
            description = "A CA certificate file (PEM) to trust for rediss:// besides the JDK's (env QSCALE_REDIS_CA).")
    Path redisCa;

    @Option(names = "--queue", defaultValue = "${env:QSCALE_QUEUE:-tasks}",
            description = "Queue name (env QSCALE_QUEUE). Default: ${DEFAULT-VALUE}")
    String queue;

    @Spec(Spec.Target.MIXEE)
    protected CommandSpec mixee;

    /** The Redis endpoint; {@code fromFile} applies when neither the flag nor REDIS_URL is given. */
    public RedisEndpoint endpoint(Optional<String> fromFile) {
        RedisEndpoint endpoint = RedisEndpoint.parse("--redis", resolve(mixee, "--redis", "REDIS_URL", redisUri, fromFile));
        return redisCa == null || redisCa.toString().isBlank() ? endpoint : endpoint.trusting("--redis-ca", redisCa);
    }

    /** The queue's keys; {@code fromFile} applies when neither the flag nor QSCALE_QUEUE is given. */
    public QueueKeys keys(Optional<String> fromFile) {
        return new QueueKeys(resolve(mixee, "--queue", "QSCALE_QUEUE", queue, fromFile));
    }

    /**
     * The value in force: {@code current} when the option was given on the command line or its
     * environment variable is set (picocli already put it there), else the file's, else {@code current}
     * (the default).
     */
    public static <T> T resolve(CommandSpec spec, String option, String env, T current, Optional<T> fromFile) {
        boolean flag = spec != null && spec.commandLine().getParseResult().hasMatchedOption(option);
        boolean environment = env != null && System.getenv(env) != null;
        return flag || environment ? current : fromFile.orElse(current);
    }
}
