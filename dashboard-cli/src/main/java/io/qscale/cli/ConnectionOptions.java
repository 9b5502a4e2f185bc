package io.qscale.cli;

import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import picocli.CommandLine.Option;

/** The options every command that talks to Redis shares. Filled once by picocli; not thread-safe. */
public final class ConnectionOptions {

    @Option(names = "--redis", paramLabel = "URI", defaultValue = "${env:REDIS_URL:-redis://127.0.0.1:6379}",
            description = "Redis URI: redis://, rediss:// (TLS) or redis-sentinel:// (env REDIS_URL). Default: ${DEFAULT-VALUE}")
    String redisUri;

    @Option(names = "--queue", defaultValue = "${env:QSCALE_QUEUE:-tasks}",
            description = "Queue name (env QSCALE_QUEUE). Default: ${DEFAULT-VALUE}")
    String queue;

    RedisEndpoint endpoint() {
        return RedisEndpoint.parse("--redis", redisUri);
    }

    QueueKeys keys() {
        return new QueueKeys(queue);
    }
}
