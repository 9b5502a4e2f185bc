package io.qscale.rules.config;

import io.qscale.rules.hpa.Behavior;
import io.qscale.rules.hpa.Tolerance;
import io.qscale.rules.validation.Require;

/**
 * Policy {@code target-tracking}: the Kubernetes HPA with an AverageValue target on a queue
 * metric, so {@code desired = ceil(metric / targetPerWorker)} outside a 10 % tolerance, then the
 * HPA's stabilization windows and rate policies. With {@code metric = queue} and activation 0 it
 * reproduces KEDA's Redis-list scaler. Immutable; defaults in {@link #defaults()}.
 *
 * @param metric what is divided among workers: waiting tasks ({@code queue}, as KEDA) or
 *     waiting plus in-flight tasks ({@code backlog}, the default: busy workers are not idle)
 * @param targetPerWorker the metric value each worker should carry (KEDA's listLength, default 5)
 * @param activation from zero workers, scale to one only when the metric is above this
 * @param tolerance the dead band around the target
 * @param behavior stabilization windows and rate policies (Kubernetes defaults)
 */
public record TargetTrackingConfig(Metric metric, double targetPerWorker, long activation, Tolerance tolerance,
        Behavior behavior) {

    /** The metric divided among workers. */
    public enum Metric { QUEUE, BACKLOG }

    public static final double DEFAULT_TARGET_PER_WORKER = 5;
    public static final long DEFAULT_ACTIVATION = 0;

    public TargetTrackingConfig {
        Require.nonNull("targetTracking.metric", metric);
        Require.that(targetPerWorker > 0 && Double.isFinite(targetPerWorker), "targetTracking.targetPerWorker",
                "must be a number > 0", targetPerWorker);
        Require.atLeast("targetTracking.activation", activation, 0L);
        Require.nonNull("targetTracking.tolerance", tolerance);
        Require.nonNull("targetTracking.behavior", behavior);
    }

    public static TargetTrackingConfig defaults() {
        return new TargetTrackingConfig(Metric.BACKLOG, DEFAULT_TARGET_PER_WORKER, DEFAULT_ACTIVATION, Tolerance.DEFAULT,
                Behavior.defaults());
    }

    /** KEDA's Redis-list scaler: list length per replica, target 5, activation 0. */
    public static TargetTrackingConfig kedaDefaults() {
        return new TargetTrackingConfig(Metric.QUEUE, DEFAULT_TARGET_PER_WORKER, DEFAULT_ACTIVATION, Tolerance.DEFAULT,
                Behavior.defaults());
    }

    public TargetTrackingConfig withBehavior(Behavior next) {
        return new TargetTrackingConfig(metric, targetPerWorker, activation, tolerance, next);
    }
}
