package io.qscale.rules.policy;

import io.qscale.rules.hpa.ScaleEvent;
import io.qscale.rules.hpa.TimestampedRecommendation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ArrayList;
import java.util.stream.Stream;

/**
 * What the rules remember between evaluations: the last target, past scale events (for
 * cooldowns and rate policies), each policy's recent raw recommendations (for stabilization
 * windows) and since when the pool has been idle. Immutable; every change makes a new state.
 */
public record ScalingState(OptionalInt lastTarget, List<ScaleEvent> upEvents, List<ScaleEvent> downEvents,
        Map<String, List<TimestampedRecommendation>> recommendations, Optional<Instant> idleSince) {

    /** Scale events older than this limit nothing (the longest HPA period is 1800 s). */
    static final Duration EVENT_HORIZON = Duration.ofSeconds(1800);

    public ScalingState {
        upEvents = List.copyOf(upEvents);
        downEvents = List.copyOf(downEvents);
        Map<String, List<TimestampedRecommendation>> copy = new HashMap<>();
        recommendations.forEach((policy, recs) -> copy.put(policy, List.copyOf(recs)));
        recommendations = Map.copyOf(copy);
    }

    /** Nothing remembered: the first evaluation. */
    public static ScalingState initial() {
        return new ScalingState(OptionalInt.empty(), List.of(), List.of(), Map.of(), Optional.empty());
    }

    /** When the pool last grew, if within the event horizon. */
    public Optional<Instant> lastScaleUp() {
        return upEvents.stream().map(ScaleEvent::at).max(Instant::compareTo);
    }

    /** When the pool last changed in either direction. */
    public Optional<Instant> lastScale() {
        return Stream.concat(upEvents.stream(), downEvents.stream()).map(ScaleEvent::at)
                .max(Instant::compareTo);
    }

    List<TimestampedRecommendation> recommendationsOf(String policy) {
        return recommendations.getOrDefault(policy, List.of());
    }

    ScalingState withRecommendations(String policy, List<TimestampedRecommendation> recs) {
        Map<String, List<TimestampedRecommendation>> next = new HashMap<>(recommendations);
        next.put(policy, recs);
        return new ScalingState(lastTarget, upEvents, downEvents, next, idleSince);
    }

    ScalingState withIdleSince(Optional<Instant> since) {
        return new ScalingState(lastTarget, upEvents, downEvents, recommendations, since);
    }

    /**
     * The pool was brought to {@code target} by no policy's move (into its bounds): the last
     * target changes, and no scale event is recorded, so no cooldown or rate period starts.
     */
    ScalingState resized(int target) {
        return new ScalingState(OptionalInt.of(target), upEvents, downEvents, recommendations, idleSince);
    }

    /** This state's policy memory with {@code other}'s scale events and last target. */
    ScalingState withEventsOf(ScalingState other) {
        return new ScalingState(other.lastTarget, other.upEvents, other.downEvents, recommendations, idleSince);
    }

    /** Records a change of the pool from {@code current} to {@code target} at {@code now}. */
    ScalingState scaled(int current, int target, Instant now) {
        Instant horizon = now.minus(EVENT_HORIZON);
        List<ScaleEvent> up = upEvents.stream().filter(e -> e.at().isAfter(horizon)).toList();
        List<ScaleEvent> down = downEvents.stream().filter(e -> e.at().isAfter(horizon)).toList();
        if (target > current) {
            up = append(up, new ScaleEvent(target - current, now));
        } else if (target < current) {
            down = append(down, new ScaleEvent(current - target, now));
        }
        return new ScalingState(OptionalInt.of(target), up, down, recommendations, idleSince);
    }

    private static List<ScaleEvent> append(List<ScaleEvent> events, ScaleEvent event) {
        List<ScaleEvent> next = new ArrayList<>(events);
        next.add(event);
        return next;
    }
}
