package io.qscale.rules.hpa;

import io.qscale.rules.validation.Require;

/** An HPA {@code spec.behavior}: rules for scaling up and for scaling down. Immutable. */
public record Behavior(ScalingRules scaleUp, ScalingRules scaleDown) {

    public Behavior {
        Require.nonNull("scaleUp", scaleUp);
        Require.nonNull("scaleDown", scaleDown);
    }

    /** Kubernetes' defaults: fast up (4 pods or 100 % per 15 s), down after a 5-minute window. */
    public static Behavior defaults() {
        return new Behavior(ScalingRules.defaultScaleUp(), ScalingRules.defaultScaleDown());
    }
}
