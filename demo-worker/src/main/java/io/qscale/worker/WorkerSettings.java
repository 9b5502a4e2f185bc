package io.qscale.worker;

import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.rules.validation.Require;
import java.time.Duration;

/**
 * How a worker runs. Immutable and thread-safe.
 *
 * @param protocol timings shared with the manager (heartbeat, dead-after, attempts, statistics)
 * @param claimTimeout how long one claim blocks; bounds how late a drain request is noticed
 * @param shutdownGrace how long a worker told to stop (SIGTERM) may take to finish its task
 *     before the task is given back to the queue
 */
public record WorkerSettings(ProtocolSettings protocol, Duration claimTimeout, Duration shutdownGrace) {

    public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    public WorkerSettings {
        Require.nonNull("protocol", protocol);
        Require.positive("claimTimeout", claimTimeout);
        Require.that(claimTimeout.compareTo(RedisEndpoint.DEFAULT_COMMAND_TIMEOUT) < 0, "claimTimeout",
                "must be shorter than the Redis command timeout (" + RedisEndpoint.DEFAULT_COMMAND_TIMEOUT + ")", claimTimeout);
        Require.positive("shutdownGrace", shutdownGrace);
    }

    public static WorkerSettings defaults() {
        return new WorkerSettings(ProtocolSettings.defaults(), DEFAULT_CLAIM_TIMEOUT, DEFAULT_SHUTDOWN_GRACE);
    }
}
