package io.qscale.rules.hpa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replica computations of the Kubernetes HPA controller ({@code replica_calculator.go}),
 * ported rule for rule and checked against the controller's own test vectors (see
 * {@code src/test/resources/conformance}). Values are milli-units as {@code long}; ratios are
 * computed in {@code double} like Go's float64. Stateless and thread-safe.
 */
public final class ReplicaCalculator {

    private ReplicaCalculator() {
    }

    /**
     * External (or Object) metric with an AverageValue target: the KEDA queue-length formula.
     * {@code desired = ceil(total / target)} unless {@code total / (target * statusReplicas)} is
     * within tolerance, in which case {@code statusReplicas}.
     */
    public static Recommendation averageValue(long[] samples, long targetPerReplica, int statusReplicas, Tolerance tolerance) {
        long total = saturatingSum(samples);
        int replicas = statusReplicas;
        double ratio = (double) total / ((double) targetPerReplica * statusReplicas);
        if (!tolerance.isWithin(ratio)) {
            replicas = saturatingInt(Math.ceil((double) total / targetPerReplica));
        }
        long usage = total == Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil((double) total / statusReplicas);
        return new Recommendation(replicas, usage);
    }

    /**
     * External (or Object) metric with a Value target: {@code ratio = total / target}; from zero
     * replicas {@code ceil(ratio)} without tolerance, else {@code ceil(ratio * readyPods)} unless
     * within tolerance.
     */
    public static Recommendation value(long[] samples, long target, int currentReplicas, List<Pod> pods, Tolerance tolerance) {
        long total = saturatingSum(samples);
        double ratio = (double) total / target;
        if (currentReplicas == 0) {
            return new Recommendation(saturatingInt(Math.ceil(ratio)), total);
        }
        if (tolerance.isWithin(ratio)) {
            return new Recommendation(currentReplicas, total);
        }
        long ready = pods.stream().filter(pod -> pod.state().runningAndReady()).count();
        return new Recommendation(saturatingInt(Math.ceil(ratio * ready)), total);
    }

    /**
     * Pods metric with an AverageValue target ({@code GetMetricReplicas}): the average over pods
     * with samples, corrected for pending pods and pods without a sample so that neither causes
     * a change in the wrong direction.
     *
     * @param samples samples by pod name; may include pods that are not in {@code pods}
     */
    public static Recommendation podsAverage(Map<String, Long> samples, long target, int currentReplicas, List<Pod> pods,
            Tolerance tolerance) throws MetricUnavailableException {
        Groups groups = Groups.of(pods, samples, false);
        Map<String, Long> metrics = groups.remainingSamples(samples);
        if (metrics.isEmpty()) {
            throw new MetricUnavailableException("did not receive metrics for targeted pods (pods might be unready)");
        }
        long usage = average(metrics);
        double ratio = (double) usage / target;
        boolean scaleUpWithUnready = !groups.unready.isEmpty() && ratio > 1.0;
        if (!scaleUpWithUnready && groups.missing.isEmpty()) {
            if (tolerance.isWithin(ratio)) {
                return new Recommendation(currentReplicas, usage);
            }
            return new Recommendation((int) Math.ceil(ratio * groups.readyCount), usage);
        }
        if (ratio < 1.0) {
            groups.missing.forEach(pod -> metrics.put(pod, target));
        } else if (ratio > 1.0) {
            groups.missing.forEach(pod -> metrics.put(pod, 0L));
        }
        if (scaleUpWithUnready) {
            groups.unready.forEach(pod -> metrics.put(pod, 0L));
        }
        double newRatio = (double) average(metrics) / target;
        return new Recommendation(corrected(ratio, newRatio, metrics.size(), currentReplicas, tolerance), usage);
    }

    /**
     * Resource (or ContainerResource) CPU utilization target ({@code GetResourceReplicas}):
     * utilization is {@code floor(100 * usage / request)} over pods with a sample and a request;
     * unready pods are left out and, like pods without a sample, filled in conservatively.
     */
    public static Recommendation utilization(Map<String, Long> samples, int targetPercent, int currentReplicas,
            List<Pod> pods, Tolerance tolerance) throws MetricUnavailableException {
        if (samples.isEmpty()) {
            throw new MetricUnavailableException(
                    "unable to get metrics for resource cpu: no metrics returned from resource metrics API");
        }
        if (pods.isEmpty()) {
            throw new MetricUnavailableException("no pods returned by selector while calculating replica count");
        }
        Groups groups = Groups.of(pods, samples, true);
        Map<String, Long> metrics = groups.remainingSamples(samples);
        if (metrics.isEmpty()) {
            throw new MetricUnavailableException("did not receive metrics for targeted pods (pods might be unready)");
        }
        Map<String, Long> requests = new HashMap<>();
        for (Pod pod : pods) {
            if (pod.request().isEmpty()) {
                throw new MetricUnavailableException("missing request for cpu in container of Pod " + pod.name());
            }
            requests.put(pod.name(), pod.request().getAsLong());
        }
        Utilization first = Utilization.of(metrics, requests, targetPercent);
        boolean scaleUpWithUnready = !groups.unready.isEmpty() && first.ratio > 1.0;
        if (!scaleUpWithUnready && groups.missing.isEmpty()) {
            int replicas = tolerance.isWithin(first.ratio) ? currentReplicas : (int) Math.ceil(first.ratio * groups.readyCount);
            return new Recommendation(replicas, first.percent, first.rawAverage);
        }
        if (first.ratio < 1.0) {
            long fallback = Math.max(100, targetPercent);
            groups.missing.forEach(pod -> metrics.put(pod, requests.get(pod) * fallback / 100));
        } else if (first.ratio > 1.0) {
            groups.missing.forEach(pod -> metrics.put(pod, 0L));
        }
        if (scaleUpWithUnready) {
            groups.unready.forEach(pod -> metrics.put(pod, 0L));
        }
        Utilization second = Utilization.of(metrics, requests, targetPercent);
        return new Recommendation(corrected(first.ratio, second.ratio, metrics.size(), currentReplicas, tolerance),
                first.percent, first.rawAverage);
    }

    /** The shared tail of the pods and resource paths: never move against the first ratio. */
    private static int corrected(double ratio, double newRatio, int counted, int currentReplicas, Tolerance tolerance) {
        if (tolerance.isWithin(newRatio) || (ratio > 1.0 && newRatio < 1.0) || (ratio < 1.0 && newRatio > 1.0)) {
            return currentReplicas;
        }
        int replicas = (int) Math.ceil(newRatio * counted);
        if ((newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas)) {
            return currentReplicas;
        }
        return replicas;
    }

    private static long average(Map<String, Long> metrics) {
        long total = 0;
        for (long value : metrics.values()) {
            total += value;
        }
        return total / metrics.size();
    }

    static long saturatingSum(long[] samples) {
        long total = 0;
        for (long sample : samples) {
            long next = total + sample;
            if (((total ^ next) & (sample ^ next)) < 0) {
                return sample > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
            }
            total = next;
        }
        return total;
    }

    static int saturatingInt(double value) {
        return value >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }

    /** {@code groupPods}: which pods count, which are unready, which have no sample, which are ignored. */
    private static final class Groups {
        int readyCount;
        final List<String> unready = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        final List<String> ignored = new ArrayList<>();

        static Groups of(List<Pod> pods, Map<String, Long> samples, boolean cpu) {
            Groups groups = new Groups();
            for (Pod pod : pods) {
                if (pod.state().ignored()) {
                    groups.ignored.add(pod.name());
                } else if (pod.state() == PodState.PENDING) {
                    groups.unready.add(pod.name());
                } else if (!samples.containsKey(pod.name())) {
                    groups.missing.add(pod.name());
                } else if (cpu && pod.state().unreadyForCpu()) {
                    groups.unready.add(pod.name());
                } else {
                    groups.readyCount++;
                }
            }
            return groups;
        }

        /** The samples minus those of ignored and unready pods (samples of unknown pods stay). */
        Map<String, Long> remainingSamples(Map<String, Long> samples) {
            Map<String, Long> metrics = new LinkedHashMap<>(samples);
            ignored.forEach(metrics::remove);
            unready.forEach(metrics::remove);
            return metrics;
        }
    }

    /** {@code GetResourceUtilizationRatio}: samples without a known pod's request do not count. */
    private record Utilization(double ratio, int percent, long rawAverage) {

        static Utilization of(Map<String, Long> metrics, Map<String, Long> requests, int targetPercent)
                throws MetricUnavailableException {
            long usage = 0;
            long requested = 0;
            int entities = 0;
            for (Map.Entry<String, Long> sample : metrics.entrySet()) {
                Long request = requests.get(sample.getKey());
                if (request == null) {
                    continue;
                }
                usage += sample.getValue();
                requested += request;
                entities++;
            }
            if (entities == 0 || requested == 0) {
                throw new MetricUnavailableException("no metrics returned matched known pods");
            }
            int percent = (int) (usage * 100 / requested);
            return new Utilization((double) percent / targetPercent, percent, usage / entities);
        }
    }
}
