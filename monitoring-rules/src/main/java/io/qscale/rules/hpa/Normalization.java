package io.qscale.rules.hpa;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the HPA does to a raw recommendation before it scales ({@code horizontal.go}):
 * stabilization windows, rate policies, min/max, and the bookkeeping of recommendations and
 * scale events that they read. Pure: history goes in and comes out. Stateless and thread-safe.
 */
public final class Normalization {

    /** Production {@code scaleUpLimitFactor} of the legacy path (no behavior). */
    public static final double LEGACY_SCALE_UP_FACTOR = 2.0;
    /** Production {@code scaleUpLimitMinimum} of the legacy path. */
    public static final double LEGACY_SCALE_UP_MINIMUM = 4.0;

    private Normalization() {
    }

    /**
     * A stabilized value, why, and the recommendation history to keep.
     *
     * @param replicas the stabilized recommendation
     * @param reason ScaleUpStabilized, ScaleDownStabilized or ReadyForNewScale
     * @param history the history with the new recommendation recorded
     */
    public record Stabilized(int replicas, String reason, List<TimestampedRecommendation> history) {
    }

    /**
     * A rate- or range-limited value and the limiting reason: DesiredWithinRange, ScaleUpLimit,
     * ScaleDownLimit, TooManyReplicas or TooFewReplicas.
     */
    public record Limited(int replicas, String reason) {
    }

    /**
     * {@code stabilizeRecommendationWithBehaviors}: scale down only to the highest recommendation
     * of the scale-down window, up only to the lowest of the scale-up window, never past
     * {@code current} in the wrong direction. Windows are strict: an entry counts if its age is
     * less than the window.
     */
    public static Stabilized stabilize(int prenormalized, int current, List<TimestampedRecommendation> history,
            Duration upWindow, Duration downWindow, Instant now) {
        Instant upCutoff = now.minus(upWindow);
        Instant downCutoff = now.minus(downWindow);
        int up = prenormalized;
        int down = prenormalized;
        int oldIndex = -1;
        for (int i = 0; i < history.size(); i++) {
            TimestampedRecommendation rec = history.get(i);
            if (rec.at().isAfter(upCutoff)) {
                up = Math.min(rec.replicas(), up);
            }
            if (rec.at().isAfter(downCutoff)) {
                down = Math.max(rec.replicas(), down);
            }
            if (rec.at().isBefore(upCutoff) && rec.at().isBefore(downCutoff)) {
                oldIndex = i;
            }
        }
        int stabilized = current;
        if (stabilized < up) {
            stabilized = up;
        }
        if (stabilized > down) {
            stabilized = down;
        }
        String reason = stabilized == prenormalized ? "ReadyForNewScale"
                : prenormalized >= current ? "ScaleUpStabilized" : "ScaleDownStabilized";
        return new Stabilized(stabilized, reason, record(history, oldIndex, new TimestampedRecommendation(prenormalized, now)));
    }

    /**
     * {@code stabilizeRecommendation}, the path without behavior: the highest recommendation
     * whose age is at most the window (inclusive).
     */
    public static Stabilized stabilizeLegacy(int prenormalized, List<TimestampedRecommendation> history, Duration window,
            Instant now) {
        Instant cutoff = now.minus(window);
        int highest = prenormalized;
        int oldIndex = -1;
        for (int i = 0; i < history.size(); i++) {
            TimestampedRecommendation rec = history.get(i);
            if (rec.at().isBefore(cutoff)) {
                oldIndex = i;
            } else if (rec.replicas() > highest) {
                highest = rec.replicas();
            }
        }
        String reason = highest != prenormalized ? "ScaleDownStabilized" : "ReadyForNewScale";
        return new Stabilized(highest, reason, record(history, oldIndex, new TimestampedRecommendation(prenormalized, now)));
    }

    /** Overwrites the last entry that no window needs any more, else appends. */
    private static List<TimestampedRecommendation> record(List<TimestampedRecommendation> history, int oldIndex,
            TimestampedRecommendation rec) {
        List<TimestampedRecommendation> next = new ArrayList<>(history);
        if (oldIndex >= 0) {
            next.set(oldIndex, rec);
        } else {
            next.add(rec);
        }
        return List.copyOf(next);
    }

    /** {@code getReplicasChangePerPeriod}: the changes of events strictly younger than the period. */
    public static int changeWithin(Duration period, List<ScaleEvent> events, Instant now) {
        Instant cutoff = now.minus(period);
        int change = 0;
        for (ScaleEvent event : events) {
            if (event.at().isAfter(cutoff)) {
                change += event.change();
            }
        }
        return change;
    }

    /** {@code calculateScaleUpLimitWithScalingRules}: the highest count the policies allow now. */
    public static int scaleUpLimit(int current, List<ScaleEvent> upEvents, List<ScaleEvent> downEvents, ScalingRules rules,
            Instant now) {
        if (rules.select() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean min = rules.select() == SelectPolicy.MIN;
        int result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (RatePolicy policy : rules.policies()) {
            int start = periodStart(current, policy, upEvents, downEvents, now);
            int proposed = policy.type() == RatePolicy.Type.PODS
                    ? start + policy.value()
                    : (int) Math.ceil(start * (1 + policy.value() / 100.0));
            result = min ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    /** {@code calculateScaleDownLimitWithBehaviors}: the lowest count the policies allow now. */
    public static int scaleDownLimit(int current, List<ScaleEvent> upEvents, List<ScaleEvent> downEvents, ScalingRules rules,
            Instant now) {
        if (rules.select() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean min = rules.select() == SelectPolicy.MIN;
        int result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (RatePolicy policy : rules.policies()) {
            int start = periodStart(current, policy, upEvents, downEvents, now);
            int proposed = policy.type() == RatePolicy.Type.PODS
                    ? start - policy.value()
                    : (int) (start * (1 - policy.value() / 100.0));
            result = min ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    private static int periodStart(int current, RatePolicy policy, List<ScaleEvent> upEvents, List<ScaleEvent> downEvents,
            Instant now) {
        Duration period = Duration.ofSeconds(policy.periodSeconds());
        return current - changeWithin(period, upEvents, now) + changeWithin(period, downEvents, now);
    }

    /**
     * {@code convertDesiredReplicasWithBehaviorRate}: the stabilized value limited by the rate
     * policies of its direction and by min/max.
     */
    public static Limited limit(int current, int desired, int min, int max, Behavior behavior, List<ScaleEvent> upEvents,
            List<ScaleEvent> downEvents, Instant now) {
        if (desired > current) {
            int limit = Math.max(current, scaleUpLimit(current, upEvents, downEvents, behavior.scaleUp(), now));
            int allowed = max;
            String reason = "TooManyReplicas";
            if (allowed > limit) {
                allowed = limit;
                reason = "ScaleUpLimit";
            }
            if (allowed < desired) {
                return new Limited(allowed, reason);
            }
        } else if (desired < current) {
            int limit = Math.min(current, scaleDownLimit(current, upEvents, downEvents, behavior.scaleDown(), now));
            int allowed = min;
            String reason = "TooFewReplicas";
            if (allowed < limit) {
                allowed = limit;
                reason = "ScaleDownLimit";
            }
            if (allowed > desired) {
                return new Limited(allowed, reason);
            }
        }
        return new Limited(desired, "DesiredWithinRange");
    }

    /**
     * {@code convertDesiredReplicasWithRules}, the path without behavior: min/max and a scale-up
     * limit of {@code max(factor * current, minimum)}.
     */
    public static Limited limitLegacy(int current, int desired, int min, int max, double factor, double minimum) {
        int upLimit = (int) Math.max(factor * current, minimum);
        int allowed;
        String reason;
        if (upLimit < max) {
            allowed = upLimit;
            reason = "ScaleUpLimit";
        } else {
            allowed = max;
            reason = "TooManyReplicas";
        }
        if (desired < min) {
            return new Limited(min, "TooFewReplicas");
        }
        if (desired > allowed) {
            return new Limited(allowed, reason);
        }
        return new Limited(desired, "DesiredWithinRange");
    }

    /**
     * {@code storeScaleEvent} for one direction: events older than the longest policy period are
     * outdated; the last outdated slot takes the new event, else it is appended.
     */
    public static List<ScaleEvent> storeEvent(List<ScaleEvent> events, int change, ScalingRules rules, Instant now) {
        Instant cutoff = now.minus(rules.longestPeriod());
        List<ScaleEvent> next = new ArrayList<>();
        int lastOutdated = -1;
        for (ScaleEvent event : events) {
            boolean outdated = event.outdated() || event.at().isBefore(cutoff);
            if (outdated) {
                lastOutdated = next.size();
            }
            next.add(new ScaleEvent(event.change(), event.at(), outdated));
        }
        ScaleEvent added = new ScaleEvent(change, now);
        if (lastOutdated >= 0) {
            next.set(lastOutdated, added);
        } else {
            next.add(added);
        }
        return List.copyOf(next);
    }
}
