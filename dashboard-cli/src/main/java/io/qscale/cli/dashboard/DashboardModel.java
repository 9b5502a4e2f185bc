package io.qscale.cli.dashboard;

import io.qscale.core.control.RecordedDecision;
import io.qscale.rules.metrics.MetricsSnapshot;
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
 */
public record DashboardModel(String title, MetricsSnapshot snapshot, RecordedDecision decision,
        List<RecordedDecision> recentDecisions, List<History.Point> history, String footer) {

    public DashboardModel {
        recentDecisions = List.copyOf(recentDecisions);
        history = List.copyOf(history);
    }
}
