package io.qscale.core.metrics;

import io.lettuce.core.ScriptOutputType;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.Scripts;
import io.qscale.core.redis.RedisSession;
import io.qscale.rules.validation.Require;
import io.qscale.rules.metrics.HostLoad;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.metrics.MetricsSource;
import io.qscale.rules.metrics.PoolCpu;
import io.qscale.rules.metrics.StatsWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes {@link MetricsSnapshot}s of one queue: everything from Redis in ONE round trip (one Lua
 * script, whatever the number of workers), plus host CPU and memory. Each call samples the host
 * too, so a process keeps ONE collector and samples it once per tick (see the manager's
 * {@code Pool} runtime); two collectors sampling one host within OSHI's tick cache would read
 * an idle CPU. Thread-safe.
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
        return decode(reply, keys.queueName(), settings, host.sample());
    }

    /**
     * Turns the snapshot script's reply (as Lettuce returns it: figures, then buckets) into a
     * snapshot of queue {@code queue} with the host's load. Pure; public for the benchmarks.
     */
    public static MetricsSnapshot decode(List<Object> reply, String queue, ProtocolSettings settings, HostLoad hostLoad) {
        Figures figures = Figures.of((List<?>) reply.get(0));
        long now = figures.get("now");
        List<StatsWindow.Bucket> buckets = new ArrayList<>();
        for (int i = 1; i < reply.size(); i++) {
            buckets.add(bucket((List<?>) reply.get(i)));
        }
        StatsWindow stats = StatsWindow.of(buckets, now, settings.statsBucket(), settings.rateWindow());
        long queueLength = figures.get("queueLength");
        long oldestEnqueuedAt = figures.get("oldestEnqueuedAt");
        long oldestRunningStartedAt = figures.get("oldestRunningStartedAt");
        int reporting = (int) figures.get("cpuReporting");
        int active = (int) figures.get("active");
        // Counters of workers that registered or finished between two heartbeats may lag by one beat.
        int slots = (int) Math.max(figures.get("slots"), active);
        int busySlots = (int) Math.min(Math.max(0, figures.get("busySlots")), slots);
        PoolCpu poolCpu = reporting == 0 ? PoolCpu.UNKNOWN
                : new PoolCpu(Math.min(1, figures.get("cpuSumMilli") / 1000.0 / reporting),
                        Math.min(1, figures.get("cpuMaxMilli") / 1000.0), reporting);
        return MetricsSnapshot.builder(Instant.ofEpochMilli(now), queue)
                .queueLength(queueLength)
                .inFlight(figures.get("inFlight"))
                .orphaned(figures.get("orphaned"))
                .oldestTaskAge(queueLength == 0 || oldestEnqueuedAt < 0 ? Duration.ZERO
                        : Duration.ofMillis(Math.max(0, now - oldestEnqueuedAt)))
                .oldestRunningAge(oldestRunningStartedAt < 0 ? Duration.ZERO
                        : Duration.ofMillis(Math.max(0, now - oldestRunningStartedAt)))
                .registeredWorkers((int) figures.get("registered"))
                .activeWorkers(active)
                .busyWorkers((int) Math.min(active, Math.max(0, figures.get("busy"))))
                .drainingWorkers((int) figures.get("draining"))
                .slots(slots)
                .busySlots(busySlots)
                .arrivalRate(stats.arrivalRate())
                .completionRate(stats.completionRate())
                .failureRate(stats.failureRate())
                .avgProcessingTime(stats.avgProcessingTime())
                .p95ProcessingTime(stats.p95ProcessingTime())
                .processingSamples(stats.samples())
                .successRate(stats.successRate())
                .deadLetters(figures.get("deadLetters"))
                .statsWindow(settings.statsWindow())
                .host(hostLoad)
                .poolCpu(poolCpu)
                .build();
    }

    /** The script's figures, read by name: one place decodes the reply. */
    private record Figures(Map<String, Long> values) {
        static Figures of(List<?> flat) {
            Map<String, Long> values = new HashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                values.put((String) flat.get(i), (Long) flat.get(i + 1));
            }
            return new Figures(values);
        }

        long get(String name) {
            Long value = values.get(name);
            if (value == null) {
                throw new IllegalStateException("the snapshot script returned no " + name + " (an older script is loaded?)");
            }
            return value;
        }
    }

    private static StatsWindow.Bucket bucket(List<?> flat) {
        Map<String, Long> fields = new HashMap<>();
        for (int i = 1; i + 1 < flat.size(); i += 2) {
            fields.put((String) flat.get(i), Long.parseLong((String) flat.get(i + 1)));
        }
        return new StatsWindow.Bucket((Long) flat.get(0), fields);
    }
}
