package io.qscale.core.metrics;

import io.lettuce.core.ScriptOutputType;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.Scripts;
import io.qscale.core.redis.RedisSession;
import io.qscale.rules.internal.Require;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.metrics.MetricsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes {@link MetricsSnapshot}s of one queue: everything from Redis in ONE round trip (one Lua
 * script, whatever the number of workers), plus host CPU and memory. Thread-safe.
 */
public final class MetricsCollector implements MetricsSource {

    private final RedisSession redis;
    private final QueueKeys keys;
    private final ProtocolSettings settings;
    private final HostMetrics host;

    /** The real thing: host metrics from OSHI. */
    public MetricsCollector(RedisSession redis, QueueKeys keys, ProtocolSettings settings) {
        this(redis, keys, settings, new OshiHostMetrics());
    }

    public MetricsCollector(RedisSession redis, QueueKeys keys, ProtocolSettings settings, HostMetrics host) {
        this.redis = Require.nonNull("redis", redis);
        this.keys = Require.nonNull("keys", keys);
        this.settings = Require.nonNull("settings", settings);
        this.host = Require.nonNull("host", host);
        Scripts.SNAPSHOT.preload(redis.commands());
    }

    @Override
    public MetricsSnapshot snapshot() {
        List<Object> reply = Scripts.SNAPSHOT.run(redis.commands(), ScriptOutputType.MULTI,
                new String[] {keys.queue(), keys.workers(), keys.deadLetters(), keys.drain()},
                keys.prefix(), Long.toString(settings.deadAfter().toMillis()),
                Long.toString(settings.statsWindow().toSeconds()), Long.toString(settings.statsBucket().toSeconds()));
        long now = number(reply, 0);
        long oldestEnqueuedAt = number(reply, 2);
        List<StatsWindow.Bucket> buckets = new ArrayList<>();
        for (int i = 10; i < reply.size(); i++) {
            buckets.add(bucket((List<?>) reply.get(i)));
        }
        StatsWindow stats = StatsWindow.of(buckets, now, settings.statsBucket(), settings.rateWindow());
        long queueLength = number(reply, 1);
        Duration oldestAge = queueLength == 0 || oldestEnqueuedAt < 0
                ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, now - oldestEnqueuedAt));
        return new MetricsSnapshot(Instant.ofEpochMilli(now), keys.queueName(), queueLength,
                number(reply, 7), number(reply, 8), oldestAge,
                (int) number(reply, 3), (int) number(reply, 4), (int) number(reply, 5), (int) number(reply, 6),
                stats.arrivalRate(), stats.completionRate(), stats.failureRate(),
                stats.avgProcessingTime(), stats.p95ProcessingTime(), stats.samples(), stats.successRate(),
                number(reply, 9), settings.statsWindow(), host.sample(), -1);
    }

    private static long number(List<Object> reply, int index) {
        return (Long) reply.get(index);
    }

    private static StatsWindow.Bucket bucket(List<?> flat) {
        Map<String, Long> fields = new HashMap<>();
        for (int i = 1; i + 1 < flat.size(); i += 2) {
            fields.put((String) flat.get(i), Long.parseLong((String) flat.get(i + 1)));
        }
        return new StatsWindow.Bucket((Long) flat.get(0), fields);
    }
}
