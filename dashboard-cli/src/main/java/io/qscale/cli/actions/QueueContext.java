package io.qscale.cli.actions;

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
public final class QueueContext implements AutoCloseable {

    private final RedisEndpoint endpoint;
    private final QueueKeys keys;
    private final RedisSession redis;
    private final TaskQueue queue;
    private final WorkerRegistry registry;
    private final DecisionLog decisions;
    private final ManagerModes modes;
    private final ScalingConfig config;
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
    public static QueueContext connect(RedisEndpoint endpoint, QueueKeys keys, ScalingConfig config, boolean hostMetrics) {
        RedisSession redis = RedisSession.connect(endpoint);
        ProtocolSettings protocol = ProtocolSettings.defaults();
        MetricsCollector collector = new MetricsCollector(redis, keys, protocol,
                hostMetrics ? new OshiHostMetrics() : HostMetrics.NONE);
        return new QueueContext(endpoint, keys, redis, new TaskQueue(redis, keys, protocol, Clock.systemUTC()),
                new WorkerRegistry(redis, keys, protocol), new DecisionLog(redis, keys, ManagerSettings.DEFAULT_DECISIONS_KEPT),
                new ManagerModes(redis, keys), config, collector::snapshot, true);
    }

    /** The context of a running pool: its session, its latest snapshot. */
    public static QueueContext of(Pool pool) {
        return new QueueContext(pool.endpoint(), pool.keys(), pool.redis(), pool.tasks(), pool.registry(), pool.decisions(),
                pool.modes(), pool.config(), () -> pool.latest().orElseThrow(
                        () -> new IllegalStateException("no snapshot yet: Redis at " + pool.endpoint() + " does not answer")),
                false);
    }

    /** A snapshot: a fresh one for a one-shot command, the pool's latest for a running one. */
    public MetricsSnapshot snapshot() {
        return snapshots.get();
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    public QueueKeys keys() {
        return keys;
    }

    public RedisSession redis() {
        return redis;
    }

    public TaskQueue queue() {
        return queue;
    }

    public WorkerRegistry registry() {
        return registry;
    }

    public DecisionLog decisions() {
        return decisions;
    }

    public ManagerModes modes() {
        return modes;
    }

    public ScalingConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (ownsSession) {
            redis.close();
        }
    }
}
