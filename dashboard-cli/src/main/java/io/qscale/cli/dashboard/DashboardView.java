package io.qscale.cli.dashboard;

import io.qscale.core.control.RecordedDecision;
import io.qscale.rules.format.Human;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.policy.ScaleDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link DashboardModel} into exactly {@code height} lines of at most {@code width}
 * characters: the panel of metrics, the recommendation, sparklines of queue length and workers,
 * and the last decisions. Below 60 columns it switches to a compact layout. Pure and thread-safe.
 */
public final class DashboardView {

    static final int NARROW = 60;

    private DashboardView() {
    }

    public static List<String> render(DashboardModel model, int width, int height) {
        List<String> lines = new ArrayList<>();
        boolean narrow = width < NARROW;
        lines.add(model.title());
        lines.add("─".repeat(width));
        MetricsSnapshot s = model.snapshot();
        if (s == null) {
            lines.add("no metrics yet (is Redis reachable?)");
        } else if (narrow) {
            lines.add("queue " + s.queueLength() + "  wait " + Human.duration(s.oldestTaskAge()));
            lines.add("workers " + s.activeWorkers() + "  busy " + s.busyWorkers() + slots(s) + " (" + Human.percent(s.utilization()) + ")");
            lines.add("avg " + Human.duration(s.avgProcessingTime()) + "  p95 " + Human.duration(s.p95ProcessingTime()));
            lines.add("success " + Human.percent(s.successRate()) + "  cpu " + Human.percent(s.host().cpuLoad())
                    + (s.poolCpu().known() ? "  pool " + Human.percent(s.poolCpu().mean()) : ""));
        } else {
            lines.add(pair("Queue length", Long.toString(s.queueLength()), "Queue latency", Human.duration(s.oldestTaskAge())));
            lines.add(pair("Active workers", Integer.toString(s.activeWorkers()), "Busy workers",
                    s.busyWorkers() + slots(s) + " (" + Human.percent(s.utilization()) + ")"));
            lines.add(pair("Avg time", Human.duration(s.avgProcessingTime()), "p95 time", Human.duration(s.p95ProcessingTime())));
            lines.add(pair("Success rate", Human.percent(s.successRate()), "Completed", s.processingSamples() + " in "
                    + Human.duration(s.statsWindow())));
            lines.add(pair("Host CPU", Human.percent(s.host().cpuLoad()), "Host memory", Human.percent(s.host().memoryLoad())));
            lines.add(pair("Pool CPU", s.poolCpu().known() ? Human.percent(s.poolCpu().mean()) + " (max "
                    + Human.percent(s.poolCpu().max()) + ")" : "unknown", "In flight", Long.toString(s.inFlight())));
            lines.add(pair("ETA to drain", s.etaToDrainAfter(model.snapshotAge()).map(Human::duration).orElse("unknown"), "Dead letters",
                    Long.toString(s.deadLetters())));
        }
        lines.add("");
        lines.add(recommendation(model.decision(), narrow));
        lines.add("");
        int chartWidth = Math.max(5, width - 12);
        List<History.Point> points = model.history();
        lines.add(label("queue", narrow) + Charts.sparkline(points.stream().mapToLong(History.Point::queue).toArray(), chartWidth)
                + " " + (points.isEmpty() ? "" : points.get(points.size() - 1).queue()));
        lines.add(label("workers", narrow) + Charts.sparkline(points.stream().mapToLong(History.Point::workers).toArray(), chartWidth)
                + " " + (points.isEmpty() ? "" : points.get(points.size() - 1).workers()));
        lines.add("");
        lines.add("Last decisions:");
        int room = Math.max(0, height - lines.size() - 1);
        for (RecordedDecision decision : model.recentDecisions().subList(0, Math.min(room, model.recentDecisions().size()))) {
            lines.add("  " + decision.decision().at().toString().substring(11, 19) + " " + decision.decision().reason());
        }
        while (lines.size() < height - 1) {
            lines.add("");
        }
        List<String> fitted = new ArrayList<>();
        for (String line : lines.subList(0, Math.min(lines.size(), height - 1))) {
            fitted.add(fit(line, width));
        }
        fitted.add(fit(model.footer(), width));
        return fitted;
    }

    private static String recommendation(RecordedDecision recorded, boolean narrow) {
        if (recorded == null) {
            return "Recommendation: waiting for the first decision";
        }
        ScaleDecision d = recorded.decision();
        String eta = d.etaToDrain().map(Human::duration).orElse("unknown");
        // While the pool grows, what matters is when the queue is empty at the size it is growing to.
        String atTarget = d.target() > d.current() ? d.etaAtTarget().map(t -> ", " + Human.duration(t) + " at " + d.target())
                .orElse("") : "";
        String head = ">> " + d.action().label() + " → " + d.target() + " workers";
        return narrow ? head + " (eta " + eta + ")"
                : head + "   (ETA to drain: " + eta + atTarget + ", " + recorded.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
    }

    private static String pair(String leftLabel, String leftValue, String rightLabel, String rightValue) {
        return String.format(Locale.ROOT, "%-15s %-16s %-15s %s", leftLabel + ":", leftValue, rightLabel + ":", rightValue);
    }

    private static String label(String text, boolean narrow) {
        return String.format(Locale.ROOT, "%-9s", text);
    }

    private static String fit(String line, int width) {
        return line.length() <= width ? line : line.substring(0, Math.max(0, width - 1)) + "…";
    }

    /** ", slots 6/8" for workers with more than one slot each; nothing otherwise. */
    static String slots(MetricsSnapshot s) {
        return s.taskSlots() == s.activeWorkers() ? "" : ", slots " + s.busyTaskSlots() + "/" + s.taskSlots();
    }
}
