package io.qscale.core.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.qscale.rules.policy.ScaleDecision;
import java.time.Instant;
import java.util.List;

/**
 * A decision as the manager recorded it: the rules' decision, who decided, in which mode, and
 * what became of it. A run of like decisions that changed nothing (a hold each tick, a dry run, a
 * back-off) is one record that stands for {@code repeats} ticks since {@code since}, so the stream
 * keeps every change, failure and mode change instead of drowning them in holds. Immutable;
 * stored as JSON in the decision stream.
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
 * @param repeats how many ticks in a row decided this way (1 for a single decision)
 * @param since when the first of them was decided ({@code decision.at()} for a single decision)
 */
public record RecordedDecision(ScaleDecision decision, String manager, boolean leader, ManagerMode mode, Outcome outcome,
        String detail, List<String> started, List<String> draining, List<String> stopped, int repeats, Instant since) {

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
        repeats = Math.max(1, repeats);
        since = since == null ? decision.at() : since;
    }

    /** A single decision (a run of one). */
    public RecordedDecision(ScaleDecision decision, String manager, boolean leader, ManagerMode mode, Outcome outcome,
            String detail, List<String> started, List<String> draining, List<String> stopped) {
        this(decision, manager, leader, mode, outcome, detail, started, draining, stopped, 1, decision.at());
    }

    /** The same decision standing for a run of {@code count} ticks that began at {@code first}. */
    public RecordedDecision asRun(int count, Instant first) {
        return new RecordedDecision(decision, manager, leader, mode, outcome, detail, started, draining, stopped, count, first);
    }

    /**
     * What kind of entry this is for a reader of the list: {@code change} (the scaler was asked
     * and did it, or workers were stopped after draining), {@code failure} (the scaler failed, a
     * worker crashed, or starts are backing off), {@code hold} (nothing to change), {@code dry-run}
     * or {@code standby}.
     */
    @JsonProperty(value = "kind", access = JsonProperty.Access.READ_ONLY)
    public String kind() {
        return switch (outcome) {
            case APPLIED -> "change";
            case FAILED, BACKING_OFF -> "failure";
            case DRY_RUN -> "dry-run";
            case STANDBY -> "standby";
            case NO_CHANGE -> stopped.isEmpty() ? "hold" : "change";
        };
    }

    /**
     * The key under which like decisions fold into one entry: empty for those that never fold
     * (a change, a failure, anything that started, drained or stopped a worker); else the
     * outcome, the action, the sizes, the mode and the manager, so a new mode or target starts a
     * new entry.
     */
    public String foldKey() {
        if (outcome == Outcome.APPLIED || outcome == Outcome.FAILED || !started.isEmpty() || !draining.isEmpty()
                || !stopped.isEmpty()) {
            return "";
        }
        return String.join("|", outcome.name(), decision.action().name(), Integer.toString(decision.current()),
                Integer.toString(decision.target()), mode.wire(), manager);
    }
}
