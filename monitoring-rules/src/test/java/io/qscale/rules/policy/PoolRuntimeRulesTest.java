package io.qscale.rules.policy;

import static io.qscale.rules.policy.Snapshots.T0;
import static io.qscale.rules.policy.Snapshots.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qscale.rules.config.ScalingConfig;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules behind issue 9: start-up, pool CPU, a saturated host, manual mode and the ETA. */
class PoolRuntimeRulesTest {

    private static final ScalingConfig DEFAULTS = ScalingConfig.thresholdsProfile();

    @Nested
    class StartUp {

        @Test
        void bringingThePoolToMinWorkersArmsNoCooldownSoABurstThreeSecondsLaterIsActedOnAtOnce() {
            ScalingEngine engine = new ScalingEngine(DEFAULTS);
            Evaluation start = engine.decide(pool(0, 0).scaler(0).build(), ScalingState.initial(), T0);
            assertThat(start.decision().kind()).isEqualTo(DecisionKind.RANGE);
            assertThat(start.decision().target()).isEqualTo(1);

            Evaluation burst = engine.decide(pool(1, 1).scaler(1).queue(25).at(T0.plusSeconds(3)).build(), start.state(),
                    T0.plusSeconds(3));

            assertThat(burst.decision().action()).isEqualTo(ScaleAction.SCALE_UP);
            assertThat(burst.decision().target()).isEqualTo(3);
            assertThat(burst.decision().clamps()).isEmpty();
        }

        @Test
        void aPolicysScaleUpStillArmsTheCooldown() {
            ScalingEngine engine = new ScalingEngine(DEFAULTS);
            Evaluation first = engine.decide(pool(1, 1).scaler(1).queue(25).build(), ScalingState.initial(), T0);
            Evaluation second = engine.decide(pool(3, 3).scaler(3).queue(25).at(T0.plusSeconds(3)).build(), first.state(),
                    T0.plusSeconds(3));

            assertThat(second.decision().action()).isEqualTo(ScaleAction.HOLD);
            assertThat(second.decision().reason()).contains("scale-up cooldown: 27 s of 30 s left");
        }
    }

    @Nested
    class PoolCpuRule {

        @ParameterizedTest(name = "pool CPU {0}, host CPU {1} -> target {2}")
        @CsvSource({
                "0.75, 0.10, 4",
                "0.76, 0.10, 6",
                "0.10, 0.99, 4"})
        void readsTheWorkersCpuNotTheManagersHost(double poolCpu, double hostCpu, int target) {
            ScaleDecision decision = new ScalingEngine(DEFAULTS.withBounds(1, 10))
                    .decide(pool(4, 1).cpu(poolCpu).host(hostCpu, false).build(), ScalingState.initial(), T0).decision();

            assertThat(decision.target()).isEqualTo(target);
        }

        @Test
        void aCpuStepIsHeldWhenTheWorkersShareASaturatedHost() {
            ScaleDecision decision = new ScalingEngine(DEFAULTS)
                    .decide(pool(4, 1).cpu(0.95).host(0.98, true).build(), ScalingState.initial(), T0).decision();

            assertThat(decision.action()).isEqualTo(ScaleAction.HOLD);
            assertThat(decision.reason()).isEqualTo("hold at 4: pool CPU 95 % > 75 % (limited: the workers' host is saturated"
                    + " (host CPU 98 % >= 90 %): another worker process would slow every worker)");
        }

        @ParameterizedTest(name = "host CPU {0}, shared {1}, queue {2} -> target {3}")
        @CsvSource({
                "0.89, true, 0, 6",
                "0.98, false, 0, 6",
                "0.98, true, 20, 6"})
        void aCpuStepGoesAheadOnAHostWithRoomOnAnotherHostOrWhenTheQueueAsksToo(double hostCpu, boolean shared, long queue,
                int target) {
            ScaleDecision decision = new ScalingEngine(DEFAULTS)
                    .decide(pool(4, 1).cpu(0.95).host(hostCpu, shared).queue(queue).build(), ScalingState.initial(), T0)
                    .decision();

            assertThat(decision.target()).isEqualTo(target);
        }
    }

    @Nested
    class ManualMode {

        @Test
        void theEngineDecidesTheManualTargetAndKeepsAutosViewInside() {
            ScaleDecision decision = new ScalingEngine(DEFAULTS)
                    .decide(pool(3, 3).scaler(3).queue(25).build(), ScalingState.initial(), T0, OptionalInt.of(2)).decision();

            assertThat(decision.kind()).isEqualTo(DecisionKind.MANUAL);
            assertThat(decision.target()).isEqualTo(2);
            assertThat(decision.reason()).isEqualTo("scale down 3 → 2: manual mode holds exactly 2 workers"
                    + " (auto would: scale up 3 → 5: queue 25 > 8, utilization 100 % > 80 %)");
        }

        @Test
        void aStoredTargetAboveMaxWorkersIsClampedVisibly() {
            ScaleDecision decision = new ScalingEngine(DEFAULTS)
                    .decide(pool(3, 0).scaler(3).build(), ScalingState.initial(), T0, OptionalInt.of(50)).decision();

            assertThat(decision.target()).isEqualTo(10);
            assertThat(decision.clamps()).singleElement().satisfies(clamp -> {
                assertThat(clamp.kind()).isEqualTo(Clamp.Kind.MAX);
                assertThat(clamp.before()).isEqualTo(50);
            });
        }

        @Test
        void unusableMetricsHoldEvenInManualMode() {
            ScaleDecision decision = new ScalingEngine(DEFAULTS)
                    .decide(null, ScalingState.initial().resized(3), T0, OptionalInt.of(6)).decision();

            assertThat(decision.kind()).isEqualTo(DecisionKind.GUARD);
            assertThat(decision.target()).isEqualTo(3);
        }

        @Test
        void oneBoundsRuleWithOneMessage() {
            DEFAULTS.checkManualTarget(0);
            DEFAULTS.checkManualTarget(10);
            assertThatThrownBy(() -> DEFAULTS.checkManualTarget(11))
                    .hasMessage("a manual target must be between 0 and maxWorkers 10, but was 11");
            assertThatThrownBy(() -> DEFAULTS.checkManualTarget(-1))
                    .hasMessage("a manual target must be between 0 and maxWorkers 10, but was -1");
        }
    }

    @Nested
    class EtaToDrain {

        @Test
        void atTheStartOfABurstTheCapacityOfTheScalersPoolBeatsTheQuietWindowsCompletionRate() {
            // 20 waiting, 5 instances (2 just started), 3 s tasks: 20 x 3 s / 5 = 12 s less half a task
            // (the running ones are half done on average) = 10.5 s, not 20 / 0.1 per s = 200 s.
            var snapshot = pool(5, 5).scaler(5).queue(20).avg(3000).build().toBuilder().completionRate(0.1).build();

            assertThat(snapshot.etaToDrain()).contains(Duration.ofMillis(10_500));
            assertThat(snapshot.etaToDrainWith(6)).contains(Duration.ofMillis(8_500));
        }

        @Test
        void beforeAnyTaskFinishedTheLongestRunningTaskIsALowerBoundOfTheTaskTime() {
            var snapshot = pool(3, 3).scaler(5).queue(22).running(2000).build();

            assertThat(snapshot.taskTime()).contains(Duration.ofSeconds(2));
            assertThat(snapshot.etaToDrain()).contains(Duration.ofMillis(8800)); // 22 x 2 s / 5
        }

        @Test
        void aMeasuredRateFasterThanTheEstimateWins() {
            var snapshot = pool(2, 2).queue(30).avg(3000).build().toBuilder().completionRate(3.0).build();

            assertThat(snapshot.etaToDrain()).contains(Duration.ofSeconds(10));
        }

        @Test
        void theDecisionCarriesTheEtaAtItsTargetSize() {
            ScaleDecision decision = new ScalingEngine(DEFAULTS)
                    .decide(pool(3, 3).scaler(3).queue(24).avg(3000).build(), ScalingState.initial(), T0).decision();

            assertThat(decision.target()).isEqualTo(5);
            assertThat(decision.etaToDrain()).contains(Duration.ofMillis(22_500)); // 24 x 3 s / 3 - 1.5 s
            assertThat(decision.etaAtTarget()).contains(Duration.ofMillis(12_900)); // 24 x 3 s / 5 - 1.5 s
        }
    }
}
