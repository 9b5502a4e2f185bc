package io.qscale.rules.hpa;

import io.qscale.rules.validation.Require;

/**
 * One HPA {@code behavior} policy: at most {@code value} pods, or {@code value} percent, of
 * change per {@code periodSeconds}. Immutable.
 */
public record RatePolicy(Type type, int value, int periodSeconds) {

    /** Pods: an absolute number of replicas. Percent: a share of the replicas at the period's start. */
    public enum Type { PODS, PERCENT }

    public RatePolicy {
        Require.nonNull("policy.type", type);
        Require.atLeast("policy.value", value, 1);
        Require.that(periodSeconds >= 1 && periodSeconds <= 1800, "policy.periodSeconds", "must be between 1 and 1800", periodSeconds);
    }

    public static RatePolicy pods(int value, int periodSeconds) {
        return new RatePolicy(Type.PODS, value, periodSeconds);
    }

    public static RatePolicy percent(int value, int periodSeconds) {
        return new RatePolicy(Type.PERCENT, value, periodSeconds);
    }

    @Override
    public String toString() {
        return (type == Type.PODS ? value + " workers" : value + " %") + " per " + periodSeconds + " s";
    }
}
