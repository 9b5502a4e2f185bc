package io.qscale.rules.hpa;

/**
 * What one metric asks for. Immutable.
 *
 * @param replicas the desired replica count
 * @param usage the usage the HPA reports: average per pod, total, or utilization %, by kind
 * @param rawUsage for resource metrics the average raw usage per pod (milli-units), else 0
 */
public record Recommendation(int replicas, long usage, long rawUsage) {

    Recommendation(int replicas, long usage) {
        this(replicas, usage, 0);
    }
}
