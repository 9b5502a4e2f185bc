package io.qscale.cli;

import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.metrics.OshiHostMetrics;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.manager.DecisionLog;
import io.qscale.manager.ManagerSettings;
import java.time.Clock;

/** What a CLI command works with: one queue on one Redis. Closes the session. Thread-safe. */
final class QueueContext implements AutoCloseable {

    final RedisEndpoint endpoint;
    final QueueKeys keys;
    final ProtocolSettings protocol = ProtocolSettings.defaults();
    final RedisSession redis;
    final TaskQueue queue;
    final WorkerRegistry registry;
    final MetricsCollector metrics;
    final DecisionLog decisions;

    QueueContext(RedisEndpoint endpoint, QueueKeys keys, boolean hostMetrics) {
        this.endpoint = endpoint;
        this.keys = keys;
        this.redis = RedisSession.connect(endpoint);
        this.queue = new TaskQueue(redis, keys, protocol, Clock.systemUTC());
        this.registry = new WorkerRegistry(redis, keys, protocol);
        this.metrics = new MetricsCollector(redis, keys, protocol, hostMetrics ? new OshiHostMetrics() : HostMetrics.NONE);
        this.decisions = new DecisionLog(redis, keys, ManagerSettings.DEFAULT_DECISIONS_KEPT);
    }

    @Override
    public void close() {
        redis.close();
    }
}
