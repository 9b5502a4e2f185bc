package io.qscale.cli.dashboard;

import io.qscale.core.control.RecordedDecision;
import io.qscale.manager.runtime.Pool;
import io.qscale.manager.runtime.PoolEvent;
import io.qscale.manager.runtime.Subscription;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * What the terminal dashboard keeps of a pool's stream: ten minutes of history for the charts,
 * the last decisions that changed something, and why the last sample failed. Pushed to by the
 * pool; it never reads Redis for metrics. Thread-safe.
 */
public final class DashboardFeed implements AutoCloseable {

    private static final int KEPT_DECISIONS = 30;

    private final Pool pool;
    private final History history = new History(600);
    private final List<RecordedDecision> changes = new ArrayList<>();
    private final Subscription subscription;
    private int lastTarget = -1;
    private String problem = "";

    public DashboardFeed(Pool pool) {
        this.pool = pool;
        // The decisions recorded before this dashboard started: one read, newest first.
        for (RecordedDecision recorded : safeRecent(pool)) {
            if (changed(recorded)) {
                changes.add(recorded);
            }
        }
        this.subscription = pool.subscribe(this::hear);
    }

    private static List<RecordedDecision> safeRecent(Pool pool) {
        try {
            return pool.decisions().recent(KEPT_DECISIONS);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static boolean changed(RecordedDecision recorded) {
        return recorded.outcome() == RecordedDecision.Outcome.APPLIED || recorded.outcome() == RecordedDecision.Outcome.FAILED;
    }

    private synchronized void hear(PoolEvent event) {
        if (event instanceof PoolEvent.Sampled sampled) {
            MetricsSnapshot s = sampled.snapshot();
            problem = "";
            history.add(new History.Point(s.takenAt(), s.queueLength(), s.activeWorkers(),
                    lastTarget >= 0 ? lastTarget : s.activeWorkers(), s.busyWorkers()));
        } else if (event instanceof PoolEvent.Decided decided) {
            lastTarget = decided.decision().decision().target();
            if (changed(decided.decision())) {
                changes.add(0, decided.decision());
                if (changes.size() > KEPT_DECISIONS) {
                    changes.remove(changes.size() - 1);
                }
            }
        } else if (event instanceof PoolEvent.Unavailable unavailable) {
            problem = unavailable.reason();
        }
    }

    /** One frame: the pool's latest snapshot and decision, the history and the changes so far. */
    public synchronized DashboardModel model(String title, String footer) {
        return new DashboardModel(title, pool.latest().orElse(null), pool.latestDecision().orElse(null), changes,
                history.points(), problem.isEmpty() ? footer : footer + "   | " + problem, pool.latestAge());
    }

    @Override
    public void close() {
        subscription.close();
    }
}
