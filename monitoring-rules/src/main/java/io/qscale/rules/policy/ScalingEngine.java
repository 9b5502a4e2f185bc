package io.qscale.rules.policy;

import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.format.Human;
import io.qscale.rules.validation.Require;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The rules engine: a pure function from a snapshot, the previous state and the time to an
 * explained decision and the next state. Policies compose the AWS way: the largest scale-up
 * wins; a scale-down needs every policy that has an opinion to agree (the smallest cut wins);
 * min and max clamp last. Missing or stale metrics never scale down: the decision is HOLD with
 * the reason. No I/O, no clock, no threads. Immutable and thread-safe.
 */
public final class ScalingEngine {

    private final ScalingConfig config;
    private final List<ScalingPolicy> policies;

    public ScalingEngine(ScalingConfig config) {
        this.config = Require.nonNull("config", config);
        this.policies = config.policies().stream().map(kind -> switch (kind) {
            case THRESHOLDS -> (ScalingPolicy) new ThresholdsPolicy(config.thresholds());
            case TARGET_TRACKING -> new TargetTrackingPolicy(config.targetTracking());
            case LATENCY -> new LatencyPolicy(config.latency());
        }).toList();
    }

    public ScalingConfig config() {
        return config;
    }

    /** Decides in auto mode. See {@link #decide(MetricsSnapshot, ScalingState, Instant, OptionalInt)}. */
    public Evaluation decide(MetricsSnapshot snapshot, ScalingState state, Instant now) {
        return decide(snapshot, state, now, OptionalInt.empty());
    }

    /**
     * Decides. {@code snapshot} may be null (collection failed). The pool's current size is the
     * scaler's count when the snapshot carries one, else the workers alive by heartbeat, else (no
     * snapshot) the last target. With a {@code manualTarget} (manual mode) the decision is the
     * operator's target, bounded by {@link ScalingConfig#checkManualTarget}, with what auto would
     * do kept inside; unusable metrics still hold the pool, since its size is then not known.
     */
    public Evaluation decide(MetricsSnapshot snapshot, ScalingState state, Instant now, OptionalInt manualTarget) {
        Require.nonNull("state", state);
        Require.nonNull("now", now);
        Require.nonNull("manualTarget", manualTarget);
        Evaluation auto = decideAuto(snapshot, state, now);
        if (manualTarget.isEmpty() || auto.decision().kind() == DecisionKind.GUARD) {
            return auto;
        }
        return manual(snapshot, auto, state, now, manualTarget.getAsInt());
    }

    private Evaluation decideAuto(MetricsSnapshot snapshot, ScalingState state, Instant now) {
        int current = snapshot != null ? snapshot.pool().size() : state.lastTarget().orElse(-1);
        Optional<DecisionInputs> inputs = snapshot == null ? Optional.empty() : Optional.of(DecisionInputs.of(snapshot, current));
        // Bounds do not depend on metrics: a pool of known size outside them is brought back first,
        // as the HPA does. Otherwise unusable metrics hold the pool where it is.
        if (current >= 0 && (current < config.minWorkers() || current > config.maxWorkers())) {
            int target = current < config.minWorkers() ? config.minWorkers() : config.maxWorkers();
            String rule = current < config.minWorkers()
                    ? current + " workers is below minWorkers " + config.minWorkers()
                    : current + " workers is above maxWorkers " + config.maxWorkers();
            Clamp clamp = new Clamp(current < config.minWorkers() ? Clamp.Kind.MIN : Clamp.Kind.MAX, current, target, rule);
            // Not a policy's move: it arms no cooldown, so a burst right after start-up is acted on at once.
            return finish(snapshot, DecisionKind.RANGE, current, target, DecisionKind.RANGE.wire(), rule, current,
                    List.of(clamp), List.of(), inputs, state.resized(target), now);
        }
        if (snapshot == null) {
            return guard(null, Math.max(0, current), "no metrics snapshot (collection failed)", inputs, state, now);
        }
        Duration age = Duration.between(snapshot.takenAt(), now);
        if (age.compareTo(config.maxSnapshotAge()) > 0) {
            return guard(snapshot, current, "metrics are " + Human.duration(age) + " old (limit "
                    + Human.duration(config.maxSnapshotAge()) + ")", inputs, state, now);
        }
        if (snapshot.activeWorkers() == 0 && snapshot.scalerInstances() > 0) {
            return guard(snapshot, current, "no worker heartbeat while the scaler runs " + snapshot.scalerInstances()
                    + " instance(s)", inputs, state, now);
        }

        List<Proposal> proposals = new ArrayList<>();
        ScalingState next = state;
        for (ScalingPolicy policy : policies) {
            ScalingPolicy.Result result = policy.propose(snapshot, current, next, now);
            proposals.add(result.proposal());
            next = result.state();
        }
        List<Proposal> voting = proposals.stream().filter(p -> !p.abstains()).toList();
        Optional<Proposal> up = voting.stream().filter(p -> p.target() > current)
                .max(Comparator.comparingInt(Proposal::target).thenComparing(p -> -proposals.indexOf(p)));
        boolean allDown = !voting.isEmpty() && voting.stream().allMatch(p -> p.target() < current);
        Optional<Proposal> winner = up.isPresent() ? up
                : allDown ? voting.stream().max(Comparator.comparingInt(Proposal::target)) : Optional.empty();

        if (winner.isEmpty()) {
            return finish(snapshot, DecisionKind.NONE, current, current, DecisionKind.NONE.wire(), holdRule(voting, current),
                    current, holdClamps(voting), proposals, inputs, next.scaled(current, current, now), now);
        }
        Proposal won = winner.get();
        List<Clamp> clamps = new ArrayList<>(won.clamps());
        int target = won.target();
        if (target > config.maxWorkers()) {
            clamps.add(new Clamp(Clamp.Kind.MAX, target, config.maxWorkers(), "maxWorkers " + config.maxWorkers()));
            target = config.maxWorkers();
        } else if (target < config.minWorkers()) {
            clamps.add(new Clamp(Clamp.Kind.MIN, target, config.minWorkers(), "minWorkers " + config.minWorkers()));
            target = config.minWorkers();
        }
        return finish(snapshot, DecisionKind.POLICY, current, target, won.policy(), won.rule(), won.rawTarget(), clamps,
                proposals, inputs, next.scaled(current, target, now), now);
    }

    /** Manual mode: exactly the operator's target (within 0..maxWorkers), auto's view kept inside. */
    private Evaluation manual(MetricsSnapshot snapshot, Evaluation auto, ScalingState state, Instant now, int wanted) {
        ScaleDecision autoDecision = auto.decision();
        int current = autoDecision.current();
        int target = Math.max(0, Math.min(config.maxWorkers(), wanted));
        List<Clamp> clamps = target == wanted ? List.of()
                : List.of(new Clamp(wanted < 0 ? Clamp.Kind.MIN : Clamp.Kind.MAX, wanted, target, "a manual target must be between 0 and maxWorkers "
                        + config.maxWorkers()));
        String exactly = "exactly " + target + (target == 1 ? " worker" : " workers");
        String rule = "manual mode holds " + exactly + " (auto would: " + autoDecision.reason() + ")";
        // Auto's policy memory (idle timers, stabilization windows) goes on; the pool's change is the manual one.
        ScalingState next = auto.state().withEventsOf(state).scaled(current, target, now);
        return finish(snapshot, DecisionKind.MANUAL, current, target, DecisionKind.MANUAL.wire(), rule, wanted, clamps,
                autoDecision.proposals(), autoDecision.inputs(), next, now);
    }

    /** Why nobody moved: the first policy that wanted to (and what stopped it), else every rule. */
    private static String holdRule(List<Proposal> voting, int current) {
        Optional<Proposal> wantedDown = voting.stream().filter(p -> p.rawTarget() < current).findFirst();
        List<Proposal> vetoes = voting.stream().filter(p -> p.target() >= current).toList();
        if (wantedDown.isPresent() && wantedDown.get().target() < current && !vetoes.isEmpty()) {
            return wantedDown.get().policy() + " would scale down (" + wantedDown.get().rule() + ") but "
                    + vetoes.stream().map(p -> p.policy() + " holds (" + p.rule() + ")").collect(Collectors.joining(", "));
        }
        if (voting.isEmpty()) {
            return "every policy abstains";
        }
        return voting.stream().map(Proposal::rule).collect(Collectors.joining("; "));
    }

    /** On a hold, the limits that kept a wanted change from happening. */
    private static List<Clamp> holdClamps(List<Proposal> voting) {
        return voting.stream().flatMap(p -> p.clamps().stream()).toList();
    }

    private Evaluation guard(MetricsSnapshot snapshot, int current, String why, Optional<DecisionInputs> inputs,
            ScalingState state, Instant now) {
        ScaleDecision decision = new ScaleDecision(now, ScaleAction.HOLD, DecisionKind.GUARD, current, current,
                DecisionKind.GUARD.wire(), why, current, List.of(), List.of(), inputs, eta(snapshot, -1), eta(snapshot, -1),
                "hold at " + current + ": " + why);
        return new Evaluation(decision, state);
    }

    private Evaluation finish(MetricsSnapshot snapshot, DecisionKind kind, int current, int target, String policy, String rule,
            int raw, List<Clamp> clamps, List<Proposal> proposals, Optional<DecisionInputs> inputs, ScalingState next, Instant now) {
        ScaleAction action = target > current ? ScaleAction.SCALE_UP : target < current ? ScaleAction.SCALE_DOWN : ScaleAction.HOLD;
        // A range decision's rule already says which bound applied.
        String limits = kind == DecisionKind.RANGE ? "" : limits(clamps);
        String reason = switch (action) {
            case SCALE_UP -> "scale up " + current + " → " + target + ": " + rule + limits;
            case SCALE_DOWN -> "scale down " + current + " → " + target + ": " + rule + limits;
            case HOLD -> "hold at " + current + ": " + rule + limits;
        };
        ScaleDecision decision = new ScaleDecision(now, action, kind, current, target, policy, rule, raw, clamps, proposals,
                inputs, eta(snapshot, -1), eta(snapshot, target), reason);
        return new Evaluation(decision, next);
    }

    /** The ETA to drain at the pool's size ({@code workers} < 0) or at another size. */
    private static Optional<Duration> eta(MetricsSnapshot snapshot, int workers) {
        if (snapshot == null) {
            return Optional.empty();
        }
        return workers < 0 ? snapshot.etaToDrain() : snapshot.etaToDrainWith(workers);
    }

    private static String limits(List<Clamp> clamps) {
        List<String> effective = clamps.stream().filter(c -> c.before() != c.after()).map(Clamp::detail).toList();
        return effective.isEmpty() ? "" : " (limited: " + String.join("; ", effective) + ")";
    }
}
