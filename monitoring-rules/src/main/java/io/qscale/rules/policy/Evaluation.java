package io.qscale.rules.policy;

/**
 * A decision and the state to carry into the next evaluation. The caller keeps the new state
 * only once the decision is applied (a failed scale keeps the old one). Immutable.
 */
public record Evaluation(ScaleDecision decision, ScalingState state) {
}
