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
 * @param concurrency task slots: how many tasks the worker runs at once (1 to 1024)
 */
public record WorkerSettings(ProtocolSettings protocol, Duration claimTimeout, Duration shutdownGrace, int concurrency) {

    public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    public WorkerSettings {
        Require.nonNull("protocol", protocol);
        Require.positive("claimTimeout", claimTimeout);
        Require.that(claimTimeout.compareTo(RedisEndpoint.DEFAULT_COMMAND_TIMEOUT) < 0, "claimTimeout",
                "must be shorter than the Redis command timeout (" + RedisEndpoint.DEFAULT_COMMAND_TIMEOUT + ")", claimTimeout);
        Require.positive("shutdownGrace", shutdownGrace);
        Require.that(concurrency >= 1 && concurrency <= MAX_CONCURRENCY, "concurrency",
                "must be between 1 and " + MAX_CONCURRENCY, concurrency);
    }

    /** The most slots one worker process may run. */
    public static final int MAX_CONCURRENCY = 1024;

    /** One slot, as a worker always had. */
    public WorkerSettings(ProtocolSettings protocol, Duration claimTimeout, Duration shutdownGrace) {
        this(protocol, claimTimeout, shutdownGrace, 1);
    }

    public static WorkerSettings defaults() {
        return new WorkerSettings(ProtocolSettings.defaults(), DEFAULT_CLAIM_TIMEOUT, DEFAULT_SHUTDOWN_GRACE, 1);
    }

    /** The same with {@code slots} task slots. */
    public WorkerSettings withConcurrency(int slots) {
        return new WorkerSettings(protocol, claimTimeout, shutdownGrace, slots);
    }
}
