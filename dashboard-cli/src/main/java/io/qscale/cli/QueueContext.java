package io.qscale.cli;

import io.qscale.core.control.DecisionLog;
import io.qscale.core.control.ManagerModes;
import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.metrics.OshiHostMetrics;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.manager.ManagerSettings;
import io.qscale.manager.runtime.Pool;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What a CLI command works with: one queue on one Redis. A one-shot command connects and takes
 * its own snapshot ({@link #connect}); a long-running one ({@link #of(Pool)}) shares its pool's
 * session and reads the pool's latest snapshot, so it never samples Redis a second time.
 * Closes the session only when it opened it. Thread-safe.
 */
final class QueueContext implements AutoCloseable {

    final RedisEndpoint endpoint;
    final QueueKeys keys;
    final RedisSession redis;
    final TaskQueue queue;
    final WorkerRegistry registry;
    final DecisionLog decisions;
    final ManagerModes modes;
    final ScalingConfig config;
    private final Supplier<MetricsSnapshot> snapshots;
    private final boolean ownsSession;

    private QueueContext(RedisEndpoint endpoint, QueueKeys keys, RedisSession redis, TaskQueue queue, WorkerRegistry registry,
            DecisionLog decisions, ManagerModes modes, ScalingConfig config, Supplier<MetricsSnapshot> snapshots,
            boolean ownsSession) {
        this.endpoint = endpoint;
        this.keys = keys;
        this.redis = redis;
        this.queue = queue;
        this.registry = registry;
        this.decisions = decisions;
        this.modes = modes;
        this.config = config;
        this.snapshots = snapshots;
        this.ownsSession = ownsSession;
    }

    /** A one-shot context with a session of its own; {@code hostMetrics} samples this host too. */
    static QueueContext connect(RedisEndpoint endpoint, QueueKeys keys, ScalingConfig config, boolean hostMetrics) {
        RedisSession redis = RedisSession.connect(endpoint);
        ProtocolSettings protocol = ProtocolSettings.defaults();
        MetricsCollector collector = new MetricsCollector(redis, keys, protocol,
                hostMetrics ? new OshiHostMetrics() : HostMetrics.NONE);
        return new QueueContext(endpoint, keys, redis, new TaskQueue(redis, keys, protocol, Clock.systemUTC()),
                new WorkerRegistry(redis, keys, protocol), new DecisionLog(redis, keys, ManagerSettings.DEFAULT_DECISIONS_KEPT),
                new ManagerModes(redis, keys), config, collector::snapshot, true);
    }

    /** The context of a running pool: its session, its latest snapshot. */
    static QueueContext of(Pool pool) {
        return new QueueContext(pool.endpoint(), pool.keys(), pool.redis(), pool.tasks(), pool.registry(), pool.decisions(),
                pool.modes(), pool.config(), () -> pool.latest().orElseThrow(
                        () -> new IllegalStateException("no snapshot yet: Redis at " + pool.endpoint() + " does not answer")),
                false);
    }

    /** A snapshot: a fresh one for a one-shot command, the pool's latest for a running one. */
    MetricsSnapshot snapshot() {
        return snapshots.get();
    }

    @Override
    public void close() {
        if (ownsSession) {
            redis.close();
        }
    }
}
