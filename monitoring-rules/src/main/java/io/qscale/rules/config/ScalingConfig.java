package io.qscale.rules.config;

import io.qscale.rules.hpa.Behavior;
import io.qscale.rules.hpa.RatePolicy;
import io.qscale.rules.hpa.ScalingRules;
import io.qscale.rules.hpa.SelectPolicy;
import io.qscale.rules.validation.Require;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Everything the rules engine is told: the pool's bounds, which policies run, each policy's
 * settings, and how old a snapshot may be. Immutable and thread-safe; every default is here or in
 * the policy configs, and a bad value fails at once naming the field, the value and what is allowed.
 *
 * @param minWorkers the pool never goes below this (0 allows scale to zero)
 * @param maxWorkers nor above this
 * @param policies the policies that vote, in order (ties go to the first)
 * @param thresholds settings of {@code thresholds}
 * @param targetTracking settings of {@code target-tracking}
 * @param latency settings of {@code latency}
 * @param maxSnapshotAge an older snapshot is stale: the engine holds
 */
public record ScalingConfig(int minWorkers, int maxWorkers, List<PolicyKind> policies, ThresholdsConfig thresholds,
        TargetTrackingConfig targetTracking, LatencyConfig latency, Duration maxSnapshotAge) {

    public static final int DEFAULT_MIN_WORKERS = 1;
    public static final int DEFAULT_MAX_WORKERS = 10;
    public static final List<PolicyKind> DEFAULT_POLICIES = List.of(PolicyKind.THRESHOLDS);
    public static final Duration DEFAULT_MAX_SNAPSHOT_AGE = Duration.ofSeconds(10);

    public ScalingConfig {
        Require.atLeast("minWorkers", minWorkers, 0);
        Require.atLeast("maxWorkers", maxWorkers, 1);
        Require.that(minWorkers <= maxWorkers, "minWorkers", "must be at most maxWorkers (" + maxWorkers + ")", minWorkers);
        Require.nonNull("policies", policies);
        Require.that(!policies.isEmpty(), "policies", "must name at least one of thresholds, target-tracking, latency", policies);
        Require.that(new LinkedHashSet<>(policies).size() == policies.size(), "policies", "must not repeat a policy", policies);
        policies = List.copyOf(policies);
        Require.nonNull("thresholds", thresholds);
        Require.nonNull("targetTracking", targetTracking);
        Require.nonNull("latency", latency);
        Require.positive("maxSnapshotAge", maxSnapshotAge);
    }

    /**
     * The {@code thresholds} profile: the seed's classic rules (queue, utilization, CPU) at their
     * documented defaults, pool 1 to 10. Not the default profile: that is {@link #defaultProfile()}.
     */
    public static ScalingConfig thresholdsProfile() {
        return new ScalingConfig(DEFAULT_MIN_WORKERS, DEFAULT_MAX_WORKERS, DEFAULT_POLICIES, ThresholdsConfig.defaults(),
                TargetTrackingConfig.defaults(), LatencyConfig.defaults(), DEFAULT_MAX_SNAPSHOT_AGE);
    }

    /**
     * The demo profile: the story of docs/architecture.md (3 workers, a burst of 25 three-second tasks, up to
     * 5 then 6, back to 4 then 3) in about two minutes: pool 3 to 6, steps of 2, cooldowns of
     * 5 s up and 10 s down, idle after 15 s. The CPU rule is off: the story is about the queue,
     * and a worker JVM that has just started reports the CPU of its own start-up for a beat.
     */
    public static ScalingConfig demo() {
        ThresholdsConfig thresholds = ThresholdsConfig.defaults().withSteps(2, 2).withCpuUp(1.0)
                .withTiming(Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(10));
        Behavior quick = new Behavior(ScalingRules.defaultScaleUp(),
                new ScalingRules(List.of(RatePolicy.percent(100, 15)), SelectPolicy.MAX, Optional.of(Duration.ofSeconds(15))));
        return new ScalingConfig(3, 6, DEFAULT_POLICIES, thresholds, TargetTrackingConfig.defaults().withBehavior(quick),
                LatencyConfig.defaults().withBehavior(quick), DEFAULT_MAX_SNAPSHOT_AGE);
    }

    /**
     * qscale's default profile, chosen with the simulator (docs/benchmarks.md, "Scaling quality"):
     * target tracking on the backlog (waiting and running tasks) at 0.8 per worker, so every
     * worker is busy at most 80 % of the time; the HPA's tolerance and scale-up rates (4 workers
     * or 100 % per 15 s); scale-down after a 30 s window (not the HPA's 5 min: qscale drains idle
     * workers first, so a quick scale-down costs no work). Pool 1 to 10.
     */
    public static ScalingConfig defaultProfile() {
        Behavior quickDown = new Behavior(ScalingRules.defaultScaleUp(),
                new ScalingRules(List.of(RatePolicy.percent(100, 15)), SelectPolicy.MAX, Optional.of(Duration.ofSeconds(30))));
        TargetTrackingConfig utilization = new TargetTrackingConfig(TargetTrackingConfig.Metric.BACKLOG, 0.8,
                TargetTrackingConfig.DEFAULT_ACTIVATION, TargetTrackingConfig.defaults().tolerance(), quickDown);
        return new ScalingConfig(DEFAULT_MIN_WORKERS, DEFAULT_MAX_WORKERS, List.of(PolicyKind.TARGET_TRACKING),
                ThresholdsConfig.defaults(), utilization, LatencyConfig.defaults(), DEFAULT_MAX_SNAPSHOT_AGE);
    }

    /** The rules in one line, as every command reports them: "target-tracking, pool 1 to 10". */
    public String summary() {
        return String.join(" + ", policies.stream().map(PolicyKind::configName).toList()) + ", pool " + minWorkers + " to "
                + maxWorkers;
    }

    /**
     * A profile by name, the one place names are resolved: {@code default} ({@link #defaultProfile()}),
     * {@code thresholds} ({@link #thresholdsProfile()}) or {@code demo} ({@link #demo()}).
     */
    public static ScalingConfig profile(String name) {
        return switch (name) {
            case "default" -> defaultProfile();
            case "thresholds" -> thresholdsProfile();
            case "demo" -> demo();
            default -> throw new IllegalArgumentException("--profile must be default, thresholds or demo, but was '" + name + "'");
        };
    }

    /**
     * The one bounds rule for a manual target, wherever it is asked for (the CLI, the prompt, the
     * API, {@code --manual-scale}, the mode key): between 0 (stop every worker) and maxWorkers.
     */
    public void checkManualTarget(int workers) {
        if (workers < 0 || workers > maxWorkers) {
            throw new IllegalArgumentException("a manual target must be between 0 and maxWorkers " + maxWorkers
                    + ", but was " + workers);
        }
    }

    public ScalingConfig withBounds(int min, int max) {
        return new ScalingConfig(min, max, policies, thresholds, targetTracking, latency, maxSnapshotAge);
    }

    public ScalingConfig withPolicies(List<PolicyKind> kinds) {
        return new ScalingConfig(minWorkers, maxWorkers, kinds, thresholds, targetTracking, latency, maxSnapshotAge);
    }

    public ScalingConfig withThresholds(ThresholdsConfig next) {
        return new ScalingConfig(minWorkers, maxWorkers, policies, next, targetTracking, latency, maxSnapshotAge);
    }

    public ScalingConfig withTargetTracking(TargetTrackingConfig next) {
        return new ScalingConfig(minWorkers, maxWorkers, policies, thresholds, next, latency, maxSnapshotAge);
    }

    public ScalingConfig withLatency(LatencyConfig next) {
        return new ScalingConfig(minWorkers, maxWorkers, policies, thresholds, targetTracking, next, maxSnapshotAge);
    }
}
