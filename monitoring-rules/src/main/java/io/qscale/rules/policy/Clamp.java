package io.qscale.rules.policy;

/**
 * One limit applied on the way from a raw target to the final one, with its effect. Immutable.
 *
 * @param kind what limited it: min, max, cooldown, stabilization, rate, range
 * @param before the target before this limit
 * @param after the target after it
 * @param detail why, for people ("scale-up cooldown: 3.0 s of 5.0 s left")
 */
public record Clamp(String kind, int before, int after, String detail) {
}
