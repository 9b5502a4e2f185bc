package io.qscale.rules.policy;

import io.qscale.rules.config.LatencyConfig;
import io.qscale.rules.format.Human;
import io.qscale.rules.hpa.ReplicaCalculator;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Instant;
import java.util.Locale;

/**
 * Keeps the oldest task's wait under a target with the measured service rate (AWS "backlog per
 * instance"): each worker may carry {@code targetLatency / averageProcessingTime} tasks. Abstains
 * until processing times are known. Immutable and thread-safe.
 */
final class LatencyPolicy implements ScalingPolicy {

    static final String NAME = "latency";

    private final LatencyConfig config;

    LatencyPolicy(LatencyConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result propose(MetricsSnapshot snapshot, int current, ScalingState state, Instant now) {
        if (snapshot.processingSamples() == 0 || snapshot.avgProcessingTime().isZero()) {
            return new Result(Proposal.abstain(NAME, "no processing times in the last "
                    + Human.duration(snapshot.statsWindow()) + " yet", current), state);
        }
        // A worker with N slots works through N tasks per processing time.
        double slots = snapshot.slotsPerWorker();
        double perWorker = slots * config.targetLatency().toMillis() / snapshot.avgProcessingTime().toMillis();
        long backlog = snapshot.queueLength() + snapshot.inFlight();
        double needed = backlog / perWorker;
        int raw;
        if (current == 0) {
            raw = backlog > 0 ? Math.max(1, (int) Math.ceil(needed)) : 0;
        } else {
            long perWorkerMilli = Math.max(1, Math.round(perWorker * 1000));
            raw = ReplicaCalculator.averageValue(new long[] {backlog * 1000}, perWorkerMilli, current, config.tolerance())
                    .replicas();
        }
        String rule = "backlog " + backlog + " x avg " + Human.duration(snapshot.avgProcessingTime()) + " / target "
                + Human.duration(config.targetLatency())
                + (slots != 1 ? String.format(Locale.ROOT, " / %.1f slots per worker", slots) : "")
                + " = " + String.format(Locale.ROOT, "%.1f", needed) + " workers";
        return HpaSteps.normalize(NAME, rule, raw, current, config.behavior(), state, now);
    }
}
