package io.qscale.rules.policy;

import java.util.Locale;

/** What a decision rests on: a closed set, so that no caller compares policy names as strings. */
public enum DecisionKind {
    /** A policy's proposal won (its name is in {@link ScaleDecision#policy()}). */
    POLICY,
    /** Every policy holds (or abstains): nothing to change. */
    NONE,
    /** The inputs were unusable (no snapshot, stale metrics, no heartbeat): the pool holds. */
    GUARD,
    /** The pool was outside minWorkers..maxWorkers and is brought back, whatever the metrics say. */
    RANGE,
    /** Manual mode: the operator's target, with auto's view kept inside. */
    MANUAL;

    /** The name in records and on screen: "policy", "none", "guard", "range", "manual". */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
