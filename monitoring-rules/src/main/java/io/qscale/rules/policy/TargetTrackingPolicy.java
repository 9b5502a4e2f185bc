package io.qscale.rules.policy;

import io.qscale.rules.config.TargetTrackingConfig;
import io.qscale.rules.hpa.ReplicaCalculator;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Instant;
import java.util.Locale;

/**
 * The Kubernetes HPA with an AverageValue target on the queue (KEDA's Redis-list scaler with
 * {@code metric = queue}): {@code ceil(metric / targetPerWorker)} outside the tolerance, with
 * activation from zero, then stabilization windows and rate policies. Immutable and thread-safe.
 */
final class TargetTrackingPolicy implements ScalingPolicy {

    static final String NAME = "target-tracking";

    private final TargetTrackingConfig config;

    TargetTrackingPolicy(TargetTrackingConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result propose(MetricsSnapshot snapshot, int current, ScalingState state, Instant now) {
        boolean backlog = config.metric() == TargetTrackingConfig.Metric.BACKLOG;
        long metric = snapshot.queueLength() + (backlog ? snapshot.inFlight() : 0);
        String label = (backlog ? "backlog " : "queue ") + metric;
        String target = number(config.targetPerWorker()) + " per worker";
        int raw;
        String rule;
        if (current == 0) {
            boolean active = metric > config.activation();
            raw = active ? Math.max(1, (int) Math.ceil(metric / config.targetPerWorker())) : 0;
            rule = label + (active ? " > activation " : " <= activation ") + config.activation();
        } else {
            long targetMilli = Math.max(1, Math.round(config.targetPerWorker() * 1000));
            raw = ReplicaCalculator.averageValue(new long[] {metric * 1000}, targetMilli, current, config.tolerance()).replicas();
            double ratio = metric / (config.targetPerWorker() * current);
            rule = raw == current
                    ? label + " for " + current + " workers at " + target + " (ratio " + number(ratio) + ", within tolerance)"
                    : label + " at " + target + " needs " + raw;
        }
        return HpaSteps.normalize(NAME, rule, raw, current, config.behavior(), state, now);
    }

    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
