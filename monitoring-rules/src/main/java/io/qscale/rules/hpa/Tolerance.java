package io.qscale.rules.hpa;

import io.qscale.rules.validation.Require;

/**
 * The HPA's dead band around the target: a usage ratio r is "within tolerance" iff
 * {@code 1 - scaleDown <= r <= 1 + scaleUp} (inclusive), and then nothing changes. Per-direction
 * values follow KEP-4951. Immutable and thread-safe.
 */
public record Tolerance(double scaleDown, double scaleUp) {

    /** The controller default, {@code --horizontal-pod-autoscaler-tolerance=0.1}, both ways. */
    public static final Tolerance DEFAULT = new Tolerance(0.1, 0.1);

    public Tolerance {
        Require.atLeast("tolerance.scaleDown", scaleDown, 0.0);
        Require.atLeast("tolerance.scaleUp", scaleUp, 0.0);
    }

    public static Tolerance symmetric(double value) {
        return new Tolerance(value, value);
    }

    public boolean isWithin(double ratio) {
        return (1 - scaleDown) <= ratio && ratio <= (1 + scaleUp);
    }
}
