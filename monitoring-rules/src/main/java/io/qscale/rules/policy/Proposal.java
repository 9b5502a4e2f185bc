package io.qscale.rules.policy;

import java.util.List;

/**
 * What one policy asks for, and why. Immutable.
 *
 * @param policy the policy's name (thresholds, target-tracking, latency)
 * @param rule the rule that fired, for people ("queue 25 > 8"), or why the policy holds
 * @param rawTarget the policy's target before its own limits
 * @param target after its own limits (cooldown, stabilization, rate)
 * @param clamps those limits, in order, each with its effect
 * @param abstains true when the policy has no opinion (no data yet): it neither scales nor blocks a scale-down
 */
public record Proposal(String policy, String rule, int rawTarget, int target, List<Clamp> clamps, boolean abstains) {

    public Proposal {
        clamps = List.copyOf(clamps);
    }

    static Proposal abstain(String policy, String why, int current) {
        return new Proposal(policy, why, current, current, List.of(), true);
    }
}
