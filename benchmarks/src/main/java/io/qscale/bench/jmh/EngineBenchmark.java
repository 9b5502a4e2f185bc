package io.qscale.bench.jmh;

import io.qscale.rules.config.PolicyKind;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.metrics.HostLoad;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.metrics.PoolCpu;
import io.qscale.rules.policy.Evaluation;
import io.qscale.rules.policy.ScalingEngine;
import io.qscale.rules.policy.ScalingState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One scaling decision, with every policy (thresholds, target tracking, latency) composed and
 * explained, against the baseline of building its input snapshot: the engine's cost per tick.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EngineBenchmark {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private final ScalingEngine all = new ScalingEngine(ScalingConfig.thresholdsProfile()
            .withPolicies(List.of(PolicyKind.THRESHOLDS, PolicyKind.TARGET_TRACKING, PolicyKind.LATENCY)));
    private final ScalingState state = ScalingState.initial();
    private final MetricsSnapshot snapshot = busy();

    static MetricsSnapshot busy() {
        return MetricsSnapshot.builder(NOW, "tasks").queueLength(40).inFlight(4).workers(4, 4).slots(4).busySlots(4)
                .oldestTaskAge(Duration.ofSeconds(12)).arrivalRate(3).completionRate(1.2)
                .avgProcessingTime(Duration.ofMillis(3000)).p95ProcessingTime(Duration.ofMillis(3300)).processingSamples(120)
                .host(new HostLoad(0.5, 4L << 30, 16L << 30)).poolCpu(new PoolCpu(0.3, 0.5, 4)).scalerInstances(4).build();
    }

    @Benchmark
    public MetricsSnapshot baselineBuildTheSnapshot() {
        return busy();
    }

    @Benchmark
    public Evaluation decideWithEveryPolicy() {
        return all.decide(snapshot, state, NOW);
    }
}
