package io.qscale.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.core.control.RecordedDecision;
import io.qscale.rules.metrics.HostLoad;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.metrics.PoolCpu;
import io.qscale.rules.policy.DecisionKind;
import io.qscale.rules.policy.ScaleAction;
import io.qscale.rules.policy.ScaleDecision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

class DashboardViewTest {

    private static final Instant AT = Instant.parse("2026-11-30T10:00:05Z");

    private static DashboardModel model() {
        MetricsSnapshot snapshot = MetricsSnapshot.builder(AT, "tasks").queueLength(25).inFlight(3)
                .oldestTaskAge(Duration.ofMillis(4200)).workers(3, 3).arrivalRate(2.0).completionRate(1.0)
                .avgProcessingTime(Duration.ofMillis(3000)).p95ProcessingTime(Duration.ofMillis(3100)).processingSamples(12)
                .host(new HostLoad(0.42, 1L << 30, 4L << 30)).poolCpu(new PoolCpu(0.05, 0.08, 3)).scalerInstances(3).build();
        ScaleDecision decision = new ScaleDecision(AT, ScaleAction.SCALE_UP, DecisionKind.POLICY, 3, 5, "thresholds",
                "queue 25 > 8", 5, List.of(), List.of(), Optional.empty(), Optional.of(Duration.ofSeconds(25)),
                Optional.of(Duration.ofSeconds(15)), "scale up 3 → 5: queue 25 > 8");
        RecordedDecision recorded = new RecordedDecision(decision, "m1", true, io.qscale.core.control.ManagerMode.AUTO, RecordedDecision.Outcome.APPLIED, "",
                List.of("w4", "w5"), List.of(), List.of());
        List<History.Point> history = new ArrayList<>();
        long[] queue = {0, 0, 25, 25, 20, 15, 8, 2};
        int[] workers = {3, 3, 3, 5, 5, 6, 6, 6};
        for (int i = 0; i < queue.length; i++) {
            history.add(new History.Point(AT.plusSeconds(i), queue[i], workers[i], workers[i], workers[i]));
        }
        return new DashboardModel("qscale — queue tasks", snapshot, recorded, List.of(recorded), history, "mode auto   Ctrl-C quits");
    }

    @Test
    void workersWithSlotsShowTheirBusySlots() {
        DashboardModel plain = model();
        MetricsSnapshot slotted = plain.snapshot().toBuilder().slots(12).busySlots(9).build();
        DashboardModel model = new DashboardModel(plain.title(), slotted, plain.decision(), plain.recentDecisions(), plain.history(),
                plain.footer());

        assertThat(DashboardView.render(model, 80, 24).get(3))
                .isEqualTo("Active workers: 3                Busy workers:   3, slots 9/12 (75 %)");
        assertThat(DashboardView.render(model, 40, 24)).contains("workers 3  busy 3, slots 9/12 (75 %)");
    }

    @Test
    void aWideTerminalShowsThePanelTheRecommendationTheChartsAndTheDecisions() {
        List<String> lines = DashboardView.render(model(), 80, 24);

        assertThat(lines).hasSize(24).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(lines.get(0)).isEqualTo("qscale — queue tasks");
        assertThat(lines.get(2)).isEqualTo("Queue length:   25               Queue latency:  4.2 s");
        assertThat(lines.get(3)).isEqualTo("Active workers: 3                Busy workers:   3 (100 %)");
        assertThat(lines.get(4)).isEqualTo("Avg time:       3.0 s            p95 time:       3.1 s");
        assertThat(lines.get(5)).isEqualTo("Success rate:   100 %            Completed:      12 in 5 min 00 s");
        assertThat(lines.get(6)).isEqualTo("Host CPU:       42 %             Host memory:    25 %");
        assertThat(lines.get(7)).isEqualTo("Pool CPU:       5 % (max 8 %)    In flight:      3");
        assertThat(lines.get(8)).isEqualTo("ETA to drain:   24 s             Dead letters:   0"); // 25 x 3 s / 3 - 1.5 s
        assertThat(lines).as("while the pool grows, the ETA at the target size too")
                .contains(">> SCALE UP → 5 workers   (ETA to drain: 25 s, 15 s at 5, applied)");
        // One column per point, scaled to the largest value; zero is blank.
        assertThat(lines).contains("queue      ██▇▅▃▁ 2", "workers  ▄▄▄▇▇███ 6");
        assertThat(lines).contains("  10:00:05 scale up 3 → 5: queue 25 > 8");
        assertThat(lines.get(23)).isEqualTo("mode auto   Ctrl-C quits");
    }

    @Test
    void aNarrowTerminalGetsTheCompactLayout() {
        List<String> lines = DashboardView.render(model(), 40, 16);

        assertThat(lines).hasSize(16).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(40));
        assertThat(lines.get(2)).isEqualTo("queue 25  wait 4.2 s");
        assertThat(lines.get(3)).isEqualTo("workers 3  busy 3 (100 %)");
        assertThat(lines).contains(">> SCALE UP → 5 workers (eta 25 s)");
        assertThat(lines).contains("  10:00:05 scale up 3 → 5: queue 25 > 8");
        assertThat(DashboardView.render(model(), 30, 16)).contains("  10:00:05 scale up 3 → 5: qu…");
    }

    @Test
    void withoutMetricsItSaysSo() {
        DashboardModel empty = new DashboardModel("qscale", null, null, List.of(), List.of(), "footer");

        List<String> lines = DashboardView.render(empty, 80, 12);

        assertThat(lines).contains("no metrics yet (is Redis reachable?)", "Recommendation: waiting for the first decision");
    }

    @Test
    void aFrameIsDrawnOnAFixedSizeVirtualTerminal() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Terminal terminal = TerminalBuilder.builder().system(false).type("xterm-256color")
                .streams(new ByteArrayInputStream(new byte[0]), screen).size(new Size(80, 24)).build();

        try (TerminalScreen view = TerminalScreen.on(terminal)) {
            view.draw(model());
            // The virtual terminal hands its output on asynchronously: wait for the whole frame.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> screen.toString(StandardCharsets.UTF_8).contains("mode auto   Ctrl-C quits"));
        }
        String drawn = screen.toString(StandardCharsets.UTF_8);
        assertThat(drawn).contains("\u001b[?1049h"); // the alternate screen
        assertThat(drawn).contains("Queue length:   25").contains(">> SCALE UP → 5 workers").contains("scale up 3 → 5");
    }
}
