package io.qscale.rules.policy;

import io.qscale.rules.config.ThresholdsConfig;
import io.qscale.rules.format.Human;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The classic rules: up by a step when the queue, the utilization or the pool's CPU (the mean
 * the workers report) is above its threshold (or work waits with no worker at all); down by a
 * step once the pool has been idle (short queue, low utilization) for a while; cooldowns between
 * steps. A step that only the CPU rule asks for is held when the workers share a saturated host
 * with the manager (the local scaler): more processes there slow every worker. Immutable and
 * thread-safe.
 */
final class ThresholdsPolicy implements ScalingPolicy {

    static final String NAME = "thresholds";
    /** A host this busy has no room for another worker process. */
    static final double SATURATED_HOST_CPU = 0.90;

    private final ThresholdsConfig config;

    ThresholdsPolicy(ThresholdsConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Result propose(MetricsSnapshot snapshot, int current, ScalingState state, Instant now) {
        long queue = snapshot.queueLength();
        double utilization = snapshot.utilization();
        double cpu = snapshot.poolCpu().mean();
        List<String> reasons = new ArrayList<>();
        if (current == 0 && queue > 0) {
            reasons.add("queue " + queue + " > 0 with no worker");
        }
        if (queue > config.queueUp()) {
            reasons.add("queue " + queue + " > " + config.queueUp());
        }
        if (utilization > config.utilizationUp()) {
            reasons.add("utilization " + Human.percent(utilization) + " > " + Human.percent(config.utilizationUp()));
        }
        boolean cpuHot = snapshot.poolCpu().known() && cpu > config.cpuUp();
        if (cpuHot) {
            reasons.add("pool CPU " + Human.percent(cpu) + " > " + Human.percent(config.cpuUp()));
        }
        boolean idle = queue < config.queueDown() && utilization < config.utilizationDown();
        Optional<Instant> idleSince = idle ? Optional.of(state.idleSince().orElse(now)) : Optional.empty();
        ScalingState next = state.withIdleSince(idleSince);

        if (!reasons.isEmpty()) {
            String rule = String.join(", ", reasons);
            int raw = current + config.stepUp();
            double hostCpu = snapshot.host().cpuLoad();
            if (cpuHot && reasons.size() == 1 && snapshot.scalerSharesHost() && hostCpu >= SATURATED_HOST_CPU) {
                Clamp clamp = new Clamp(Clamp.Kind.HOST, raw, current, "the workers' host is saturated (host CPU " + Human.percent(hostCpu)
                        + " >= " + Human.percent(SATURATED_HOST_CPU) + "): another worker process would slow every worker");
                return new Result(new Proposal(NAME, rule, raw, current, List.of(clamp), false), next);
            }
            Optional<Instant> lastUp = state.lastScaleUp();
            if (lastUp.isPresent() && cooling(lastUp.get(), config.cooldownUp(), now)) {
                Duration left = config.cooldownUp().minus(Duration.between(lastUp.get(), now));
                Clamp clamp = new Clamp(Clamp.Kind.COOLDOWN, raw, current, "scale-up cooldown: " + Human.duration(left) + " of "
                        + Human.duration(config.cooldownUp()) + " left");
                return new Result(new Proposal(NAME, rule, raw, current, List.of(clamp), false), next);
            }
            return new Result(new Proposal(NAME, rule, raw, raw, List.of(), false), next);
        }
        if (idle) {
            Duration idleFor = Duration.between(idleSince.orElseThrow(), now);
            String rule = "queue " + queue + " < " + config.queueDown() + ", utilization " + Human.percent(utilization)
                    + " < " + Human.percent(config.utilizationDown());
            if (idleFor.compareTo(config.idleFor()) < 0) {
                return new Result(new Proposal(NAME, rule + ", idle for " + Human.duration(idleFor) + " of "
                        + Human.duration(config.idleFor()), current, current, List.of(), false), next);
            }
            rule += ", idle for " + Human.duration(idleFor);
            int raw = Math.max(0, current - config.stepDown());
            Optional<Instant> lastScale = state.lastScale();
            if (raw < current && lastScale.isPresent() && cooling(lastScale.get(), config.cooldownDown(), now)) {
                Duration left = config.cooldownDown().minus(Duration.between(lastScale.get(), now));
                Clamp clamp = new Clamp(Clamp.Kind.COOLDOWN, raw, current, "scale-down cooldown: " + Human.duration(left) + " of "
                        + Human.duration(config.cooldownDown()) + " left");
                return new Result(new Proposal(NAME, rule, raw, current, List.of(clamp), false), next);
            }
            return new Result(new Proposal(NAME, rule, raw, raw, List.of(), false), next);
        }
        String rule = "no threshold crossed (queue " + queue + ", utilization " + Human.percent(utilization) + ")";
        return new Result(new Proposal(NAME, rule, current, current, List.of(), false), next);
    }

    private static boolean cooling(Instant last, Duration cooldown, Instant now) {
        return Duration.between(last, now).compareTo(cooldown) < 0;
    }
}
