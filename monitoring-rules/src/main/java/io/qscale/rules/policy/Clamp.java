package io.qscale.rules.policy;

import io.qscale.rules.validation.Require;

/**
 * One limit applied on the way from a raw target to the final one, with its effect. Immutable.
 *
 * @param kind what limited it
 * @param before the target before this limit
 * @param after the target after it
 * @param detail why, for people ("scale-up cooldown: 3.0 s of 5.0 s left")
 */
public record Clamp(Kind kind, int before, int after, String detail) {

    /** What limits a target on its way to the final one. */
    public enum Kind {
        /** minWorkers, or 0 for a manual target. */
        MIN,
        /** maxWorkers. */
        MAX,
        /** a scale-up or scale-down cooldown (thresholds). */
        COOLDOWN,
        /** the scale-down stabilization window (target tracking, the HPA's). */
        STABILIZATION,
        /** a rate policy: so many workers or percent per period. */
        RATE,
        /** the workers' host is saturated: a CPU-driven scale-up onto it is held. */
        HOST;

        /** The name in records and on screen: "min", "cooldown". */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Clamp {
        Require.nonNull("kind", kind);
    }
}
