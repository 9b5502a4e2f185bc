package io.qscale.cli.dashboard;

import io.qscale.core.control.RecordedDecision;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Duration;
import java.util.List;

/**
 * What one frame of the dashboard shows. Immutable.
 *
 * @param title the first line (queue and where it lives)
 * @param snapshot the latest metrics, or null when none could be taken
 * @param decision the latest decision, or null before the first
 * @param recentDecisions the last decisions that changed something, newest first
 * @param history the recent points for the charts
 * @param footer the last line (keys, mode)
 * @param snapshotAge how long ago the snapshot was taken (the frame's ETA is as of the frame)
 */
public record DashboardModel(String title, MetricsSnapshot snapshot, RecordedDecision decision,
        List<RecordedDecision> recentDecisions, List<History.Point> history, String footer, Duration snapshotAge) {

    public DashboardModel {
        recentDecisions = List.copyOf(recentDecisions);
        history = List.copyOf(history);
        snapshotAge = snapshotAge == null || snapshotAge.isNegative() ? Duration.ZERO : snapshotAge;
    }

    /** A frame drawn right as the snapshot arrived. */
    public DashboardModel(String title, MetricsSnapshot snapshot, RecordedDecision decision,
            List<RecordedDecision> recentDecisions, List<History.Point> history, String footer) {
        this(title, snapshot, decision, recentDecisions, history, footer, Duration.ZERO);
    }
}
