package io.qscale.manager;

import io.qscale.core.control.RecordedDecision;
import io.qscale.rules.policy.ScaleAction;
import java.util.List;

/** What the story tests (local and Docker) check in the decisions they recorded. */
public final class StoryRecords {

    private StoryRecords() {
    }

    /** Keeps every decision seen, and passes it on. */
    public static RecordedDecision record(RecordedDecision recorded, List<RecordedDecision> all) {
        all.add(recorded);
        return recorded;
    }

    /** The pool size every decision started from, after the first applied scale-down. */
    public static List<Integer> countsAfterFirstScaleDown(List<RecordedDecision> all) {
        int first = 0;
        while (first < all.size() && !(all.get(first).outcome() == RecordedDecision.Outcome.APPLIED
                && all.get(first).decision().action() == ScaleAction.SCALE_DOWN)) {
            first++;
        }
        return all.subList(Math.min(first + 1, all.size()), all.size()).stream().map(r -> r.decision().current()).toList();
    }
}
