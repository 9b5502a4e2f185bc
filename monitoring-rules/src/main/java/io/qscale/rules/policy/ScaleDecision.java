package io.qscale.rules.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One evaluation of the rules, explained: what went in, which policy and rule fired, the raw
 * target, every limit applied with its effect, the final target and one sentence for people.
 * The dashboard, logs and API show it as it is. Immutable.
 *
 * @param at when it was decided
 * @param action scale up, scale down or hold
 * @param kind what the decision rests on: a policy, no change, a guard, the range or manual mode
 * @param current the worker count it started from
 * @param target the worker count it asks for
 * @param policy the policy whose proposal won; for another kind, the kind's name
 * @param rule that policy's rule
 * @param rawTarget the winning proposal before any limit
 * @param clamps every limit applied after the raw target (the policy's own, then min/max)
 * @param proposals what each policy proposed
 * @param inputs the snapshot's figures the decision was made on; empty without a snapshot
 * @param etaToDrain time to claim every waiting task at the pool's current size, if known
 * @param etaAtTarget the same at the target size, if known
 * @param reason one sentence: "scale up 3 → 5: queue 25 > 8"
 */
public record ScaleDecision(Instant at, ScaleAction action, DecisionKind kind, int current, int target, String policy, String rule,
        int rawTarget, List<Clamp> clamps, List<Proposal> proposals, Optional<DecisionInputs> inputs,
        Optional<Duration> etaToDrain, Optional<Duration> etaAtTarget, String reason) {

    public ScaleDecision {
        kind = kind == null ? DecisionKind.POLICY : kind; // records written before kinds existed
        clamps = List.copyOf(clamps);
        proposals = List.copyOf(proposals);
        inputs = inputs == null ? Optional.empty() : inputs;
        etaToDrain = etaToDrain == null ? Optional.empty() : etaToDrain;
        etaAtTarget = etaAtTarget == null ? Optional.empty() : etaAtTarget;
    }
}
