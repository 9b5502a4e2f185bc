package io.qscale.manager.runtime;

import io.qscale.core.control.RecordedDecision;
import io.qscale.rules.metrics.MetricsSnapshot;

/** What a {@link Pool} tells its subscribers, once per tick: a closed set. Immutable. */
public sealed interface PoolEvent {

    /** The tick's snapshot (with the scaler's count when this process's manager leads). */
    record Sampled(MetricsSnapshot snapshot) implements PoolEvent {
    }

    /** A decision was recorded: by this process's manager, or read from the leader's stream. */
    record Decided(RecordedDecision decision) implements PoolEvent {
    }

    /** The tick could not take a snapshot (Redis unreachable); the reason is one line. */
    record Unavailable(String reason) implements PoolEvent {
    }
}
