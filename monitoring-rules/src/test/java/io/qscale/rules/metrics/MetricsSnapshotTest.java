package io.qscale.rules.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetricsSnapshotTest {

    private static MetricsSnapshot snapshot(long queue, int active, int busy, double completionRate, long avgMs) {
        return MetricsSnapshot.builder(Instant.parse("2026-11-30T10:00:00Z"), "jobs").queueLength(queue).inFlight(busy)
                .workers(active, busy).completionRate(completionRate).avgProcessingTime(Duration.ofMillis(avgMs))
                .p95ProcessingTime(Duration.ofMillis(avgMs)).processingSamples(avgMs > 0 ? 10 : 0).build();
    }

    @Test
    void utilizationIsBusyOverActiveWorkers() {
        assertThat(snapshot(0, 3, 2, 0, 0).utilization()).isEqualTo(2.0 / 3);
        assertThat(snapshot(0, 0, 0, 0, 0).utilization()).isZero();
    }

    @Test
    void withSlotsUtilizationIsBusySlotsOverSlotsAndCapacityCountsEverySlot() {
        MetricsSnapshot slotted = snapshot(24, 2, 2, 0, 3000).toBuilder().slots(8).busySlots(6).build();

        assertThat(slotted.utilization()).isEqualTo(0.75);
        assertThat(slotted.taskSlots()).isEqualTo(8);
        assertThat(slotted.busyTaskSlots()).isEqualTo(6);
        assertThat(slotted.slotsPerWorker()).isEqualTo(4.0);
        // 24 tasks x 3 s over 2 workers x 4 slots = 9 s, less half a task: 7.5 s; at 3 workers, 6 - 1.5 s.
        assertThat(slotted.etaToDrain()).contains(Duration.ofMillis(7500));
        assertThat(slotted.etaToDrainWith(3)).contains(Duration.ofMillis(4500));
    }

    @Test
    void withoutSlotsEachActiveWorkerIsOneSlot() {
        MetricsSnapshot plain = snapshot(0, 3, 2, 0, 0);

        assertThat(plain.taskSlots()).isEqualTo(3);
        assertThat(plain.busyTaskSlots()).isEqualTo(2);
        assertThat(plain.slotsPerWorker()).isEqualTo(1.0);
        assertThat(snapshot(0, 0, 0, 0, 0).toBuilder().slots(0).build().slotsPerWorker()).isEqualTo(1.0);
    }

    @Test
    void rejectsMoreBusySlotsThanSlotsNamingTheField() {
        assertThatThrownBy(() -> snapshot(0, 1, 1, 0, 0).toBuilder().slots(2).busySlots(3).build())
                .hasMessage("busySlots must be between 0 and slots (2), but was 3");
    }

    @Test
    void etaUsesTheCompletionRateWhenThereIsOne() {
        assertThat(snapshot(20, 4, 4, 2.0, 3000).etaToDrain()).contains(Duration.ofSeconds(10));
    }

    @Test
    void etaFallsBackToAverageTimeOverWorkersWithoutCompletions() {
        // 12 tasks x 3 s / 4 workers = 9 s, less half a task time: the running tasks are half done on average
        assertThat(snapshot(12, 4, 4, 0, 3000).etaToDrain()).contains(Duration.ofMillis(7500));
        // no more waiting than workers: the 4th of the next completions, spread over 3 s: 4 x 3 s / 5
        assertThat(snapshot(4, 4, 4, 0, 3000).etaToDrain()).contains(Duration.ofMillis(2400));
        // one more than workers: whole rounds less half a task (1.5 s) is sooner than one round: 2.4 s
        assertThat(snapshot(5, 4, 4, 0, 3000).etaToDrain()).contains(Duration.ofMillis(2400));
        // before any task finished the time is the oldest running one's so far: no correction either
        MetricsSnapshot early = snapshot(12, 4, 4, 0, 0).toBuilder().oldestRunningAge(Duration.ofSeconds(2)).build();
        assertThat(early.etaToDrain()).contains(Duration.ofSeconds(6));
    }

    @Test
    void workersOnTheirWayAddCapacityOnlyOnceTheyServe() {
        // 3 serve now, 2 more start in 2 s (scaler 5, 2 starting); 22 tasks of 3 s.
        MetricsSnapshot growing = snapshot(22, 3, 3, 0, 3000).toBuilder().scalerInstances(5).startingWorkers(2)
                .startupLeft(Duration.ofSeconds(2)).startupTime(Duration.ofSeconds(3)).build();
        // 3 workers claim 2 tasks in 2 s (20 left), then 5 take 20 x 3 / 5 = 12 s less half a task: 2 + 10.5 = 12.5 s.
        assertThat(growing.etaToDrain()).contains(Duration.ofMillis(12_500));
        // Counting the starting ones as serving already said 22 x 3 / 5 - 1.5 = 11.7 s.
        assertThat(growing.toBuilder().startingWorkers(0).build().etaToDrain()).contains(Duration.ofMillis(11_700));
        // At a target of 6 the sixth starts from scratch: (2 x 2 s + 1 x 3 s) / 3 = 2.33 s before the 3 join,
        // then 6 take the 20 left: 10 s less half a task.
        assertThat(growing.etaToDrainWith(6)).contains(Duration.ofMillis(10_833));
    }

    @Test
    void whenTheServingWorkersFinishBeforeTheOthersStartTheyAloneDecide() {
        MetricsSnapshot small = snapshot(2, 3, 3, 0, 3000).toBuilder().scalerInstances(5).startingWorkers(2)
                .startupLeft(Duration.ofSeconds(10)).startupTime(Duration.ofSeconds(10)).build();

        // 2 waiting, 3 slots: the 2nd of the next completions, 2 x 3 s / 4.
        assertThat(small.etaToDrain()).contains(Duration.ofMillis(1500));
    }

    @Test
    void aPoolStartingFromZeroDrainsAfterItsStartUp() {
        MetricsSnapshot cold = snapshot(10, 0, 0, 0, 2000).toBuilder().scalerInstances(2).startingWorkers(2)
                .startupLeft(Duration.ofSeconds(1)).startupTime(Duration.ofSeconds(2)).build();

        // Nobody serves for 1 s, then 2 workers take 10 tasks of 2 s: 10 s, with nothing part done.
        assertThat(cold.etaToDrain()).contains(Duration.ofSeconds(11));
    }

    @Test
    void readLaterTheEtaTakesTheRunningTasksAgeAsOfNowWhileNoneHasFinished() {
        // No task finished yet: the running tasks' 1.2 s is the task time's lower bound.
        MetricsSnapshot early = snapshot(12, 4, 4, 0, 0).toBuilder().oldestRunningAge(Duration.ofMillis(1200)).build();
        assertThat(early.etaToDrain()).contains(Duration.ofMillis(3600));
        // 0.8 s later they have run 2 s: 12 x 2 / 4 = 6 s.
        assertThat(early.etaToDrainAfter(Duration.ofMillis(800))).contains(Duration.ofSeconds(6));
        // With a measured task time the snapshot's ETA stands.
        MetricsSnapshot measured = snapshot(12, 4, 4, 0, 3000).toBuilder().oldestRunningAge(Duration.ofSeconds(1)).build();
        assertThat(measured.etaToDrainAfter(Duration.ofSeconds(1))).isEqualTo(measured.etaToDrain());
        assertThat(early.etaToDrainAfter(Duration.ZERO)).isEqualTo(early.etaToDrain());
    }

    @Test
    void theServingWorkersAloneDecideWhenTheyFinishExactlyAsTheOthersJoin() {
        // 1 waiting, 1 worker serving (2 s tasks): the next completion in 2 x 1 / 2 = 1 s, just as the other joins.
        MetricsSnapshot edge = snapshot(1, 1, 1, 0, 2000).toBuilder().scalerInstances(2).startingWorkers(1)
                .startupLeft(Duration.ofSeconds(1)).startupTime(Duration.ofSeconds(2)).build();

        assertThat(edge.etaToDrain()).contains(Duration.ofSeconds(1));
        // With the start-up unknown (0), the starting one counts at once, and a measured rate faster than the capacity wins.
        MetricsSnapshot unknown = edge.toBuilder().startupLeft(Duration.ZERO).completionRate(10).build();
        assertThat(unknown.etaToDrain()).contains(Duration.ofMillis(100));
    }

    @Test
    void withStartingCopiesTheWorkersOnTheirWay() {
        MetricsSnapshot copy = snapshot(3, 2, 2, 0, 1000).withStarting(2, Duration.ofMillis(800), Duration.ofMillis(1500));

        assertThat(copy.startingWorkers()).isEqualTo(2);
        assertThat(copy.startupLeft()).isEqualTo(Duration.ofMillis(800));
        assertThat(copy.startupTime()).isEqualTo(Duration.ofMillis(1500));
        assertThat(copy.queueLength()).isEqualTo(3);
    }

    @Test
    void theCapacityDecidesWhenItEqualsTheMeasuredRateAndCountsEverySlotOfAShortQueue() {
        // 12 tasks of 3 s on 4 workers measured at exactly their capacity: part-done correction, 9 - 1.5 s.
        assertThat(snapshot(12, 4, 4, 4 * 1.0 * 1000.0 / 3000, 3000).etaToDrain()).contains(Duration.ofMillis(7500));
        // 6 waiting for 2 workers of 4 slots: the 6th of the next 8 completions, 6 x 3 s / 9 = 2 s.
        assertThat(snapshot(6, 2, 2, 0, 3000).toBuilder().slots(8).busySlots(8).build().etaToDrain())
                .contains(Duration.ofSeconds(2));
    }

    @Test
    void aPoolStartingFromZeroIgnoresAStaleCompletionRate() {
        MetricsSnapshot cold = snapshot(10, 0, 0, 100, 2000).toBuilder().scalerInstances(2).startingWorkers(2)
                .startupLeft(Duration.ofSeconds(1)).startupTime(Duration.ofSeconds(2)).build();

        // Nobody serves yet: the window's 100/s is the past, not a pace.
        assertThat(cold.etaToDrain()).contains(Duration.ofSeconds(11));
    }

    @Test
    void etaIsUnknownWithoutRateTimingOrWorkers() {
        assertThat(snapshot(12, 0, 0, 0, 0).etaToDrain()).isEmpty();
        assertThat(snapshot(0, 0, 0, 0, 0).etaToDrain()).contains(Duration.ZERO);
    }

    @Test
    void rejectsMoreBusyThanActiveWorkersNamingTheField() {
        assertThatThrownBy(() -> snapshot(0, 1, 2, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("busyWorkers must be between 0 and activeWorkers (1), but was 2");
    }

    @Test
    void hostLoadRejectsCpuAboveOne() {
        assertThatThrownBy(() -> new HostLoad(1.5, 0, 0))
                .hasMessage("cpuLoad must be between 0.0 and 1.0, but was 1.5");
    }
}
