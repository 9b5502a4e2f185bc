package io.qscale.rules.policy;

import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Instant;

/**
 * One way of choosing a pool size. Pure: the same snapshot, worker count, state and time give
 * the same proposal. Implementations are immutable and thread-safe.
 */
public interface ScalingPolicy {

    /** The name used in configuration and decision records. */
    String name();

    /** A proposal for a pool of {@code current} workers, and the state with this policy's memory updated. */
    Result propose(MetricsSnapshot snapshot, int current, ScalingState state, Instant now);

    /** A proposal and the state to carry on. */
    record Result(Proposal proposal, ScalingState state) {
    }
}
