package io.qscale.rules.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.config.ThresholdsConfig;
import io.qscale.rules.policy.DecisionKind;
import io.qscale.rules.validation.Require;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The records the engine reads: what they accept on their edges, what they refuse, what they compute. */
class ValueTypesTest {

    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void poolCpuIsKnownFromOneReportingWorkerAndItsMeanIsAtMostItsMax() {
        assertThat(PoolCpu.UNKNOWN.known()).isFalse();
        assertThat(new PoolCpu(0.2, 0.2, 1).known()).isTrue();
        assertThat(new PoolCpu(0.5, 0.5, 2).mean()).isEqualTo(0.5);
        assertThatThrownBy(() -> new PoolCpu(0.6, 0.5, 2)).hasMessage("poolCpu.mean must be at most poolCpu.max (0.5), but was 0.6");
        assertThatThrownBy(() -> new PoolCpu(0.1, 0.5, -1)).hasMessageStartingWith("poolCpu.reporting must be >= 0");
    }

    @Test
    void hostMemoryLoadIsUsedOverTotalAndZeroWhenTheTotalIsUnknown() {
        assertThat(new HostLoad(0.1, 1L << 30, 4L << 30).memoryLoad()).isEqualTo(0.25);
        assertThat(new HostLoad(0.1, 5, 0).memoryLoad()).isZero();
    }

    @Test
    void everyBuilderFieldReachesTheSnapshot() {
        MetricsSnapshot s = MetricsSnapshot.builder(AT, "jobs").queueLength(5).inFlight(3).orphaned(1)
                .oldestTaskAge(Duration.ofSeconds(4)).oldestRunningAge(Duration.ofSeconds(2)).registeredWorkers(4)
                .activeWorkers(3).busyWorkers(2).drainingWorkers(1).slots(6).busySlots(4).arrivalRate(1.5).completionRate(1.25).failureRate(0.5)
                .avgProcessingTime(Duration.ofMillis(800)).p95ProcessingTime(Duration.ofMillis(900)).processingSamples(7)
                .successRate(0.75).deadLetters(6).statsWindow(Duration.ofMinutes(2)).host(new HostLoad(0.3, 1, 2))
                .poolCpu(new PoolCpu(0.4, 0.6, 3)).scalerInstances(5).scalerSharesHost(true).startingWorkers(2).startupLeft(Duration.ofMillis(700))
                .startupTime(Duration.ofMillis(1500)).takenAt(AT.plusSeconds(1)).build();

        assertThat(s).isEqualTo(new MetricsSnapshot(AT.plusSeconds(1), "jobs", 5, 3, 1, Duration.ofSeconds(4),
                Duration.ofSeconds(2), 4, 3, 2, 1, 6, 4, 1.5, 1.25, 0.5, Duration.ofMillis(800), Duration.ofMillis(900), 7, 0.75, 6,
                Duration.ofMinutes(2), new HostLoad(0.3, 1, 2), new PoolCpu(0.4, 0.6, 3), 5, true, 2,
                Duration.ofMillis(700), Duration.ofMillis(1500)));
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(s.withScaler(2, false)).satisfies(copy -> {
            assertThat(copy.scalerInstances()).isEqualTo(2);
            assertThat(copy.scalerSharesHost()).isFalse();
            assertThat(copy.queueLength()).isEqualTo(5);
        });
        assertThat(s.servingWorkers()).as("the scaler's 5 over 3 alive").isEqualTo(5);
    }

    @Test
    void orphanedTasksCannotOutnumberTheTasksInFlight() {
        assertThat(MetricsSnapshot.builder(AT, "jobs").inFlight(2).orphaned(2).build().orphaned()).isEqualTo(2);
        assertThatThrownBy(() -> MetricsSnapshot.builder(AT, "jobs").inFlight(2).orphaned(3).build())
                .hasMessage("orphaned must be between 0 and inFlight (2), but was 3");
    }

    @Test
    void taskTimeAndEtaOnTheirEdges() {
        MetricsSnapshot oneSample = MetricsSnapshot.builder(AT, "jobs").queueLength(4).workers(2, 2).processingSamples(1)
                .avgProcessingTime(Duration.ofMillis(1000)).oldestRunningAge(Duration.ofMillis(5000)).build();
        assertThat(oneSample.taskTime()).as("one finished task is a measurement").contains(Duration.ofMillis(1000));
        assertThat(oneSample.etaToDrainWith(0)).as("no worker, no rate").isEmpty();
        assertThat(oneSample.etaToDrainWith(1)).contains(Duration.ofMillis(3500)); // 4 x 1 s, less half a task
        assertThat(MetricsSnapshot.builder(AT, "jobs").queueLength(4).workers(2, 0).build().etaToDrain()).isEmpty();
    }

    @Test
    void requireReturnsWhatItAccepts() {
        assertThat(Require.atLeast("n", 5L, 0L)).isEqualTo(5L);
        assertThat(Require.atLeast("n", 5, 0)).isEqualTo(5);
        assertThat(Require.atLeast("x", 0.5, 0.0)).isEqualTo(0.5);
        assertThat(Require.between("x", 0.5, 0, 1)).isEqualTo(0.5);
        assertThat(Require.positive("d", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(Require.nonNegative("d", Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThat(Require.nonBlank("s", "a")).isEqualTo("a");
        assertThat(Require.nonEmpty("s", " ")).isEqualTo(" ");
        assertThatThrownBy(() -> Require.nonEmpty("id", "")).hasMessage("id must be a non-empty string, but was ''");
        assertThatThrownBy(() -> Require.nonEmpty("id", null)).hasMessage("id must be a non-empty string, but was missing");
        assertThatThrownBy(() -> Require.nonBlank("type", " ")).hasMessage("type must be a non-empty string, but was ' '");
    }

    @Test
    void thresholdsMayMeetButNotCross() {
        ThresholdsConfig base = ThresholdsConfig.defaults();
        ThresholdsConfig equal = new ThresholdsConfig(5, 0.5, 0.75, 5, 0.5, base.idleFor(), 1, 1, base.cooldownUp(),
                base.cooldownDown());
        assertThat(equal.queueDown()).isEqualTo(equal.queueUp());
        assertThatThrownBy(() -> new ThresholdsConfig(5, 0.5, 0.75, 6, 0.5, base.idleFor(), 1, 1, base.cooldownUp(),
                base.cooldownDown())).hasMessage("thresholds.queueDown must be at most thresholds.queueUp (5), but was 6");
        assertThatThrownBy(() -> new ThresholdsConfig(5, 0.5, 0.75, 5, 0.51, base.idleFor(), 1, 1, base.cooldownUp(),
                base.cooldownDown())).hasMessage("thresholds.utilizationDown must be at most thresholds.utilizationUp (0.5), but was 0.51");
        assertThat(ScalingConfig.thresholdsProfile().withBounds(4, 4).minWorkers()).isEqualTo(4);
        assertThatThrownBy(() -> ScalingConfig.thresholdsProfile().withPolicies(java.util.List.of()))
                .hasMessageStartingWith("policies must name at least one of");
    }

    @Test
    void decisionKindsHaveTheirRecordNames() {
        assertThat(DecisionKind.RANGE.wire()).isEqualTo("range");
        assertThat(DecisionKind.NONE.wire()).isEqualTo("none");
    }
}
