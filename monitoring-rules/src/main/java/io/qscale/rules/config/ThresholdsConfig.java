package io.qscale.rules.config;

import io.qscale.rules.validation.Require;
import java.time.Duration;

/**
 * The classic rules (policy {@code thresholds}): scale up by {@code stepUp} when the queue, the
 * utilization or the pool's CPU (the mean the workers report) is above its threshold; scale down by {@code stepDown} when the
 * queue and the utilization have stayed below theirs for {@code idleFor}. Cooldowns space the
 * steps. Immutable; defaults in {@link #defaults()}.
 */
public record ThresholdsConfig(long queueUp, double utilizationUp, double cpuUp, long queueDown, double utilizationDown,
        Duration idleFor, int stepUp, int stepDown, Duration cooldownUp, Duration cooldownDown) {

    public static final long DEFAULT_QUEUE_UP = 8;
    public static final double DEFAULT_UTILIZATION_UP = 0.80;
    public static final double DEFAULT_CPU_UP = 0.75;
    public static final long DEFAULT_QUEUE_DOWN = 2;
    public static final double DEFAULT_UTILIZATION_DOWN = 0.30;
    public static final Duration DEFAULT_IDLE_FOR = Duration.ofMinutes(5);
    public static final int DEFAULT_STEP_UP = 2;
    public static final int DEFAULT_STEP_DOWN = 1;
    public static final Duration DEFAULT_COOLDOWN_UP = Duration.ofSeconds(30);
    public static final Duration DEFAULT_COOLDOWN_DOWN = Duration.ofSeconds(60);

    public ThresholdsConfig {
        Require.atLeast("thresholds.queueUp", queueUp, 0L);
        Require.between("thresholds.utilizationUp", utilizationUp, 0, 1);
        Require.between("thresholds.cpuUp", cpuUp, 0, 1);
        Require.atLeast("thresholds.queueDown", queueDown, 0L);
        Require.that(queueDown <= queueUp, "thresholds.queueDown", "must be at most thresholds.queueUp (" + queueUp + ")", queueDown);
        Require.between("thresholds.utilizationDown", utilizationDown, 0, 1);
        Require.that(utilizationDown <= utilizationUp, "thresholds.utilizationDown",
                "must be at most thresholds.utilizationUp (" + utilizationUp + ")", utilizationDown);
        Require.nonNegative("thresholds.idleFor", idleFor);
        Require.atLeast("thresholds.stepUp", stepUp, 1);
        Require.atLeast("thresholds.stepDown", stepDown, 1);
        Require.nonNegative("thresholds.cooldownUp", cooldownUp);
        Require.nonNegative("thresholds.cooldownDown", cooldownDown);
    }

    public static ThresholdsConfig defaults() {
        return new ThresholdsConfig(DEFAULT_QUEUE_UP, DEFAULT_UTILIZATION_UP, DEFAULT_CPU_UP, DEFAULT_QUEUE_DOWN,
                DEFAULT_UTILIZATION_DOWN, DEFAULT_IDLE_FOR, DEFAULT_STEP_UP, DEFAULT_STEP_DOWN, DEFAULT_COOLDOWN_UP,
                DEFAULT_COOLDOWN_DOWN);
    }

    public ThresholdsConfig withSteps(int up, int down) {
        return new ThresholdsConfig(queueUp, utilizationUp, cpuUp, queueDown, utilizationDown, idleFor, up, down,
                cooldownUp, cooldownDown);
    }

    /** The same rules with another pool-CPU threshold (1.0 turns the CPU rule off). */
    public ThresholdsConfig withCpuUp(double threshold) {
        return new ThresholdsConfig(queueUp, utilizationUp, threshold, queueDown, utilizationDown, idleFor, stepUp, stepDown,
                cooldownUp, cooldownDown);
    }

    public ThresholdsConfig withTiming(Duration idle, Duration upCooldown, Duration downCooldown) {
        return new ThresholdsConfig(queueUp, utilizationUp, cpuUp, queueDown, utilizationDown, idle, stepUp, stepDown,
                upCooldown, downCooldown);
    }
}
