package io.qscale.rules.config;

import io.qscale.rules.hpa.Behavior;
import io.qscale.rules.hpa.Tolerance;
import io.qscale.rules.validation.Require;
import java.time.Duration;

/**
 * Policy {@code latency}: keep the wait of the oldest task under {@code targetLatency}, using the
 * measured service rate (AWS "backlog per instance"): each worker may carry
 * {@code targetLatency / averageProcessingTime} tasks, so slow tasks scale earlier than fast ones
 * at the same queue length. Immutable; defaults in {@link #defaults()}.
 */
public record LatencyConfig(Duration targetLatency, Tolerance tolerance, Behavior behavior) {

    public static final Duration DEFAULT_TARGET_LATENCY = Duration.ofSeconds(30);

    public LatencyConfig {
        Require.positive("latency.targetLatency", targetLatency);
        Require.nonNull("latency.tolerance", tolerance);
        Require.nonNull("latency.behavior", behavior);
    }

    public static LatencyConfig defaults() {
        return new LatencyConfig(DEFAULT_TARGET_LATENCY, Tolerance.DEFAULT, Behavior.defaults());
    }

    public LatencyConfig withBehavior(Behavior next) {
        return new LatencyConfig(targetLatency, tolerance, next);
    }
}
