package io.qscale.rules.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One evaluation of the rules, explained: what went in, which policy and rule fired, the raw
 * target, every limit applied with its effect, the final target and one sentence for people.
 * The dashboard, logs and API show it as it is. Immutable.
 *
 * @param at when it was decided
 * @param action scale up, scale down or hold
 * @param current the worker count it started from
 * @param target the worker count it asks for
 * @param policy the policy whose proposal won ("none" when every policy holds, "guard" when the inputs were unusable)
 * @param rule that policy's rule
 * @param rawTarget the winning proposal before any limit
 * @param clamps every limit applied after the raw target (the policy's own, then min/max)
 * @param proposals what each policy proposed
 * @param inputs the snapshot values the policies read
 * @param etaToDrain time to drain the queue at the current pace, if known
 * @param reason one sentence: "scale up 3 → 5: queue 25 > 8"
 */
public record ScaleDecision(Instant at, ScaleAction action, int current, int target, String policy, String rule,
        int rawTarget, List<Clamp> clamps, List<Proposal> proposals, Map<String, Double> inputs,
        Optional<Duration> etaToDrain, String reason) {

    public ScaleDecision {
        clamps = List.copyOf(clamps);
        proposals = List.copyOf(proposals);
        inputs = Map.copyOf(inputs);
    }
}
