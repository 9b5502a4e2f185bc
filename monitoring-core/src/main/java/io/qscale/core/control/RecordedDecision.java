package io.qscale.core.control;

import io.qscale.rules.policy.ScaleDecision;
import java.util.List;

/**
 * A decision as the manager recorded it: the rules' decision, who decided, in which mode, and
 * what became of it. Immutable; stored as JSON in the decision stream.
 *
 * @param decision the rules' decision (in manual mode: the manual target, with auto's reasoning inside)
 * @param manager the manager's id
 * @param leader whether it held the lease (only the leader acts and records)
 * @param mode the mode it ran in
 * @param outcome what became of the decision
 * @param detail the cause of a failure, or what was done
 * @param started worker ids started
 * @param draining worker ids asked to drain
 * @param stopped worker ids stopped after draining (or after the drain grace ran out)
 */
public record RecordedDecision(ScaleDecision decision, String manager, boolean leader, String mode, Outcome outcome,
        String detail, List<String> started, List<String> draining, List<String> stopped) {

    /** What became of a decision. */
    public enum Outcome {
        /** The scaler was asked and did it. */
        APPLIED,
        /** Nothing to change. */
        NO_CHANGE,
        /** Dry-run mode: decided and recorded only. */
        DRY_RUN,
        /** Not the leader: another manager acts. */
        STANDBY,
        /** The scaler failed; {@code detail} has the cause. */
        FAILED,
        /** Waiting before the next try after a failure. */
        BACKING_OFF
    }

    public RecordedDecision {
        started = List.copyOf(started);
        draining = List.copyOf(draining);
        stopped = List.copyOf(stopped);
    }
}
