package io.qscale.manager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The workers a manager has asked to drain, each with the time by which it must have left. A
 * drain ends when the worker has left (gone from the scaler's list, or deregistered where the
 * scaler stops exact instances) or its grace ran out. A scale-up takes the newest drains back
 * first. Not thread-safe: the manager's tick owns it.
 */
final class DrainTracker {

    /** A drain that is over: the worker left, or ({@code late}) its grace ran out first. */
    record Ended(String workerId, boolean late) {
    }

    private final Map<String, Instant> deadlines = new LinkedHashMap<>();

    void start(String workerId, Instant deadline) {
        deadlines.put(workerId, deadline);
    }

    boolean contains(String workerId) {
        return deadlines.containsKey(workerId);
    }

    int size() {
        return deadlines.size();
    }

    Set<String> ids() {
        return Set.copyOf(deadlines.keySet());
    }

    /** Takes back up to {@code count} drains, newest first; returns their worker ids. */
    List<String> cancelNewest(int count) {
        List<String> pending = new ArrayList<>(deadlines.keySet());
        List<String> cancelled = new ArrayList<>();
        for (int i = pending.size() - 1; i >= 0 && cancelled.size() < count; i--) {
            deadlines.remove(pending.get(i));
            cancelled.add(pending.get(i));
        }
        return cancelled;
    }

    /**
     * The drains that are over at {@code now}, oldest first; {@code left} tells whether a worker
     * has gone. They stay tracked until {@link #forget}: a worker whose stop failed is tried again.
     */
    List<Ended> ended(Predicate<String> left, Instant now) {
        List<Ended> ended = new ArrayList<>();
        for (Map.Entry<String, Instant> drain : deadlines.entrySet()) {
            boolean gone = left.test(drain.getKey());
            boolean late = now.isAfter(drain.getValue());
            if (gone || late) {
                ended.add(new Ended(drain.getKey(), late && !gone));
            }
        }
        return ended;
    }

    /** The worker was stopped: its drain is over. */
    void forget(String workerId) {
        deadlines.remove(workerId);
    }
}
