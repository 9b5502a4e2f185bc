package io.qscale.bench.jmh;

import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.rules.metrics.HostLoad;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding the snapshot script's reply (19 figures, 60 five-second buckets with a histogram each)
 * into a snapshot, against the baseline of reading the same reply into plain maps: what the
 * manager pays per tick on its side of the round trip.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SnapshotDecodeBenchmark {

    private final List<Object> reply = reply();
    private final ProtocolSettings settings = ProtocolSettings.defaults();

    static List<Object> reply() {
        long now = 1_796_000_000_000L;
        List<Object> figures = new ArrayList<>();
        Object[] named = {"now", now, "queueLength", 40L, "oldestEnqueuedAt", now - 12_000, "registered", 10L, "active", 10L,
            "busy", 8L, "draining", 0L, "slots", 40L, "busySlots", 30L, "inFlight", 30L, "orphaned", 0L, "deadLetters", 3L,
            "oldestRunningStartedAt", now - 2_000, "cpuReporting", 10L, "cpuSumMilli", 4_000L, "cpuMaxMilli", 700L};
        figures.addAll(List.of(named));
        List<Object> reply = new ArrayList<>();
        reply.add(figures);
        long bucketStart = now / 1000 / 5 * 5;
        for (int b = 0; b < 60; b++) {
            List<Object> bucket = new ArrayList<>();
            bucket.add(bucketStart - 5L * b);
            for (String field : new String[] {"a", "c", "f", "n", "s"}) {
                bucket.add(field);
                bucket.add(Long.toString(10 + b));
            }
            for (int h = 80; h < 90; h++) {
                bucket.add("h" + h);
                bucket.add("2");
            }
            reply.add(bucket);
        }
        return reply;
    }

    @Benchmark
    public List<Map<String, String>> baselineReadIntoMaps() {
        List<Map<String, String>> maps = new ArrayList<>();
        for (Object part : reply) {
            List<?> flat = (List<?>) part;
            Map<String, String> map = new HashMap<>();
            for (int i = flat.size() % 2; i + 1 < flat.size(); i += 2) {
                map.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
            }
            maps.add(map);
        }
        return maps;
    }

    @Benchmark
    public MetricsSnapshot decode() {
        return MetricsCollector.decode(reply, "tasks", settings, HostLoad.UNKNOWN);
    }
}
