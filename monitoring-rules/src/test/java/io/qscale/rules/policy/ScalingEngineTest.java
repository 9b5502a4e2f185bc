package io.qscale.rules.policy;

import static io.qscale.rules.policy.Snapshots.T0;
import static io.qscale.rules.policy.Snapshots.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.rules.config.PolicyKind;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.config.TargetTrackingConfig;
import io.qscale.rules.config.ThresholdsConfig;
import io.qscale.rules.hpa.Behavior;
import io.qscale.rules.hpa.RatePolicy;
import io.qscale.rules.hpa.ScalingRules;
import io.qscale.rules.hpa.SelectPolicy;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScalingEngineTest {

    private static final ScalingConfig THRESHOLDS = ScalingConfig.thresholdsProfile().withBounds(1, 10);
    private static final ScalingConfig KEDA = ScalingConfig.thresholdsProfile().withBounds(0, 100)
            .withPolicies(List.of(PolicyKind.TARGET_TRACKING)).withTargetTracking(TargetTrackingConfig.kedaDefaults());
    private static final ScalingConfig LATENCY = ScalingConfig.thresholdsProfile().withBounds(1, 100)
            .withPolicies(List.of(PolicyKind.LATENCY));

    private static ScaleDecision decide(ScalingConfig config, MetricsSnapshot snapshot) {
        return new ScalingEngine(config).decide(snapshot, ScalingState.initial(), snapshot.takenAt()).decision();
    }

    /** The story (docs/architecture.md) through the demo profile: 3 → 5 → 6 while the queue drains, then 6 → 4 → 3. */
    @Test
    void theDemoProfilePlaysTheDesignStory() {
        ScalingEngine engine = new ScalingEngine(ScalingConfig.demo());
        ScalingState state = ScalingState.initial();
        List<Integer> pool = new ArrayList<>(List.of(3));
        List<String> reasons = new ArrayList<>();
        // second, queue length, busy workers (of the pool as it then is)
        long[][] ticks = {{0, 25, 3}, {2, 20, 5}, {5, 15, 5}, {10, 8, 6}, {15, 2, 6}, {20, 0, 0}, {30, 0, 0},
                {35, 0, 0}, {40, 0, 0}, {45, 0, 0}, {60, 0, 0}};
        for (long[] tick : ticks) {
            int current = pool.get(pool.size() - 1);
            Instant now = T0.plusSeconds(tick[0]);
            MetricsSnapshot snapshot = pool(current, (int) Math.min(tick[2], current)).queue(tick[1]).at(now).build();
            Evaluation evaluation = engine.decide(snapshot, state, now);
            state = evaluation.state();
            if (evaluation.decision().target() != current) {
                pool.add(evaluation.decision().target());
                reasons.add(evaluation.decision().reason());
            }
        }

        assertThat(pool).containsExactly(3, 5, 6, 4, 3);
        assertThat(reasons).containsExactly(
                "scale up 3 → 5: queue 25 > 8, utilization 100 % > 80 %",
                "scale up 5 → 6: queue 15 > 8, utilization 100 % > 80 % (limited: maxWorkers 6)",
                "scale down 6 → 4: queue 0 < 2, utilization 0 % < 30 %, idle for 15 s",
                "scale down 4 → 3: queue 0 < 2, utilization 0 % < 30 %, idle for 25 s (limited: minWorkers 3)");
    }

    @Test
    void theDemoProfileIgnoresPoolCpuSoStartingWorkersCannotScaleItUp() {
        ScaleDecision decision = decide(ScalingConfig.demo(), pool(4, 0).cpu(0.99).build());

        assertThat(decision.action()).isEqualTo(ScaleAction.HOLD);
    }

    @Nested
    class Thresholds {

        @ParameterizedTest(name = "queue {0}, {1} of {2} busy, cpu {3} -> {4}")
        @CsvSource({
                "9, 0, 4, 0.0, 6, queue 9 > 8",
                "8, 0, 4, 0.0, 4, 'no threshold crossed (queue 8, utilization 0 %)'",
                "0, 4, 4, 0.0, 6, utilization 100 % > 80 %",
                "3, 3, 4, 0.0, 4, 'no threshold crossed (queue 3, utilization 75 %)'",
                "0, 0, 4, 0.76, 6, pool CPU 76 % > 75 %",
                "1, 0, 0, 0.0, 2, queue 1 > 0 with no worker"})
        void scalesUpByAStepWhenAThresholdIsCrossed(long queue, int busy, int active, double cpu, int target, String rule) {
            ScalingConfig config = active == 0 ? THRESHOLDS.withBounds(0, 10) : THRESHOLDS;
            ScaleDecision decision = decide(config, pool(active, busy).queue(queue).cpu(cpu).build());

            assertThat(decision.target()).isEqualTo(target);
            assertThat(decision.rule()).isEqualTo(rule);
        }

        @Test
        void scalesDownOnlyAfterThePoolHasBeenIdleLongEnough() {
            ScalingEngine engine = new ScalingEngine(THRESHOLDS);
            MetricsSnapshot idle = pool(4, 0).queue(1).build();

            Evaluation first = engine.decide(idle, ScalingState.initial(), T0);
            Evaluation later = engine.decide(pool(4, 0).queue(1).at(T0.plusSeconds(299)).build(), first.state(), T0.plusSeconds(299));
            Evaluation done = engine.decide(pool(4, 0).queue(1).at(T0.plusSeconds(300)).build(), later.state(), T0.plusSeconds(300));

            assertThat(first.decision().action()).isEqualTo(ScaleAction.HOLD);
            assertThat(later.decision().reason()).isEqualTo("hold at 4: queue 1 < 2, utilization 0 % < 30 %, idle for 4 min 59 s of 5 min 00 s");
            assertThat(done.decision().reason()).isEqualTo("scale down 4 → 3: queue 1 < 2, utilization 0 % < 30 %, idle for 5 min 00 s");
        }

        @Test
        void aBusyMomentResetsTheIdleClock() {
            ScalingEngine engine = new ScalingEngine(THRESHOLDS);
            Evaluation idle = engine.decide(pool(4, 0).build(), ScalingState.initial(), T0);
            Evaluation busy = engine.decide(pool(4, 2).queue(3).at(T0.plusSeconds(200)).build(), idle.state(), T0.plusSeconds(200));
            Evaluation idleAgain = engine.decide(pool(4, 0).at(T0.plusSeconds(310)).build(), busy.state(), T0.plusSeconds(310));

            assertThat(idleAgain.decision().action()).isEqualTo(ScaleAction.HOLD);
            assertThat(idleAgain.state().idleSince()).contains(T0.plusSeconds(310));
        }

        @Test
        void theScaleUpCooldownHoldsAndSaysHowLongIsLeft() {
            ScalingEngine engine = new ScalingEngine(THRESHOLDS);
            Evaluation up = engine.decide(pool(2, 2).queue(20).build(), ScalingState.initial(), T0);
            Instant soon = T0.plusSeconds(12);

            ScaleDecision held = engine.decide(pool(4, 4).queue(20).at(soon).build(), up.state(), soon).decision();

            assertThat(up.decision().target()).isEqualTo(4);
            assertThat(held.action()).isEqualTo(ScaleAction.HOLD);
            assertThat(held.clamps()).singleElement()
                    .isEqualTo(new Clamp(Clamp.Kind.COOLDOWN, 6, 4, "scale-up cooldown: 18 s of 30 s left"));
        }
    }

    @Nested
    class TargetTracking {

        @ParameterizedTest(name = "queue {0} with {1} workers -> raw {2}, final {3}")
        @CsvSource({"25, 3, 5, 5", "16, 3, 3, 3", "14, 3, 3, 3", "13, 3, 3, 3", "12, 3, 3, 3", "100, 4, 20, 8",
                "10, 4, 2, 4", "0, 0, 0, 0", "1, 0, 1, 1", "11, 0, 3, 3"})
        void reproducesKedasRedisListScaler(long queue, int workers, int raw, int target) {
            // KEDA: ceil(listLength / 5) outside a 10 % band; from zero, one worker per 5 tasks once the list is
            // non-empty. Then the HPA defaults: at most +4 or +100 % per 15 s, and a 5-minute scale-down window
            // whose history starts with the current count.
            ScaleDecision decision = decide(KEDA, pool(workers, 0).queue(queue).inFlight(0).build());

            assertThat(decision.proposals().get(0).rawTarget()).isEqualTo(raw);
            assertThat(decision.target()).isEqualTo(target);
        }

        @Test
        void theScaleDownWindowKeepsTheHighestRecentRecommendation() {
            ScalingEngine engine = new ScalingEngine(KEDA);
            Evaluation busy = engine.decide(pool(5, 5).queue(25).inFlight(0).build(), ScalingState.initial(), T0);
            Instant later = T0.plusSeconds(60);

            ScaleDecision quiet = engine.decide(pool(5, 0).queue(5).inFlight(0).at(later).build(), busy.state(), later).decision();

            assertThat(quiet.action()).isEqualTo(ScaleAction.HOLD);
            assertThat(quiet.proposals().get(0).rawTarget()).isEqualTo(1);
            assertThat(quiet.clamps()).singleElement().satisfies(clamp -> {
                assertThat(clamp.kind()).isEqualTo(Clamp.Kind.STABILIZATION);
                assertThat(clamp.after()).isEqualTo(5);
                assertThat(clamp.detail()).isEqualTo("scale-down window 5 min 00 s: highest recent recommendation is 5");
            });
            Instant afterWindow = T0.plusSeconds(301);
            ScaleDecision down = engine.decide(pool(5, 0).queue(5).inFlight(0).at(afterWindow).build(), busy.state(), afterWindow)
                    .decision();
            assertThat(down.target()).isEqualTo(1);
        }

        @Test
        void ratePoliciesLimitTheStep() {
            Behavior slow = new Behavior(new ScalingRules(List.of(RatePolicy.pods(2, 60)), SelectPolicy.MAX,
                    Optional.of(Duration.ZERO)), ScalingRules.defaultScaleDown());
            ScalingConfig config = KEDA.withTargetTracking(TargetTrackingConfig.kedaDefaults().withBehavior(slow));

            ScaleDecision decision = decide(config, pool(2, 2).queue(50).inFlight(0).build());

            assertThat(decision.rawTarget()).isEqualTo(10);
            assertThat(decision.target()).isEqualTo(4);
            assertThat(decision.clamps()).extracting(Clamp::kind).containsExactly(Clamp.Kind.RATE);
            assertThat(decision.reason()).isEqualTo(
                    "scale up 2 → 4: queue 50 at 5 per worker needs 10 (limited: scale-up rate [2 workers per 60 s] allows 4 now)");
        }
    }

    @Nested
    class Latency {

        @Test
        void slowTasksScaleEarlierThanFastOnesAtTheSameQueueLength() {
            // Target latency 30 s: a worker may carry 30 s / avg tasks.
            ScaleDecision slow = decide(LATENCY, pool(2, 2).queue(20).avg(10_000).build());
            ScaleDecision fast = decide(LATENCY, pool(2, 2).queue(20).avg(1_000).build());

            assertThat(slow.rawTarget()).isEqualTo(8);   // 22 x 10 s / 30 s = 7.3
            assertThat(slow.target()).isEqualTo(6);      // the HPA's default rate: +4 or +100 % per 15 s
            assertThat(fast.proposals().get(0).rawTarget()).isEqualTo(1);   // 22 x 1 s / 30 s = 0.7
            assertThat(fast.target()).isEqualTo(2);      // the 5-minute scale-down window holds the cut
            assertThat(slow.rule()).isEqualTo("backlog 22 x avg 10 s / target 30 s = 7.3 workers");
        }

        @Test
        void aWorkerWithSlotsCarriesThatManyTimesTheBacklog() {
            // 2 workers of 4 slots: each carries 4 x 30 s / 10 s = 12 tasks; 22 / 12 = 1.8 -> 2.
            ScaleDecision slotted = decide(LATENCY, pool(2, 2).slots(8, 8).queue(20).avg(10_000).build());

            assertThat(slotted.rawTarget()).isEqualTo(2);
            assertThat(slotted.action()).isEqualTo(ScaleAction.HOLD);
            assertThat(slotted.rule()).isEqualTo("backlog 22 x avg 10 s / target 30 s / 4.0 slots per worker = 1.8 workers");
        }

        @Test
        void abstainsWithoutProcessingTimes() {
            ScaleDecision decision = decide(LATENCY, pool(2, 2).queue(20).build());

            assertThat(decision.action()).isEqualTo(ScaleAction.HOLD);
            assertThat(decision.proposals()).singleElement().satisfies(p -> assertThat(p.abstains()).isTrue());
            assertThat(decision.reason()).isEqualTo("hold at 2: every policy abstains");
        }
    }

    @Nested
    class Composition {

        private final ScalingConfig both = ScalingConfig.thresholdsProfile().withBounds(1, 50)
                .withPolicies(List.of(PolicyKind.THRESHOLDS, PolicyKind.LATENCY))
                .withThresholds(ThresholdsConfig.defaults().withTiming(Duration.ZERO, Duration.ZERO, Duration.ZERO));

        @Test
        void theLargestScaleUpWins() {
            ScaleDecision decision = decide(both, pool(2, 2).queue(20).avg(10_000).build());

            assertThat(decision.policy()).isEqualTo("latency");
            assertThat(decision.target()).isEqualTo(6);
            assertThat(decision.proposals()).extracting(Proposal::target).containsExactly(4, 6);
        }

        @Test
        void aScaleDownNeedsEveryPolicyToAgree() {
            // Idle by the thresholds (queue 1, nobody busy), but one task takes 90 s: latency wants 4 workers.
            ScaleDecision decision = decide(both, pool(4, 0).queue(1).inFlight(0).avg(90_000).build());

            assertThat(decision.proposals()).extracting(Proposal::target).containsExactly(3, 4);
            assertThat(decision.action()).isEqualTo(ScaleAction.HOLD);
            assertThat(decision.reason()).startsWith("hold at 4: thresholds would scale down (queue 1 < 2");
        }

        @Test
        void anAbstainingPolicyDoesNotBlockAScaleDown() {
            ScaleDecision decision = decide(both, pool(4, 0).queue(0).build());

            assertThat(decision.action()).isEqualTo(ScaleAction.SCALE_DOWN);
            assertThat(decision.target()).isEqualTo(3);
        }

        @Test
        void scaleToZeroIsAllowedWhenMinIsZero() {
            ScaleDecision decision = decide(both.withBounds(0, 5).withThresholds(ThresholdsConfig.defaults()
                    .withSteps(2, 5).withTiming(Duration.ZERO, Duration.ZERO, Duration.ZERO)), pool(2, 0).build());

            assertThat(decision.target()).isZero();
        }
    }

    @Nested
    class Guards {

        @Test
        void noSnapshotHoldsAtTheLastTarget() {
            ScalingState state = ScalingState.initial().scaled(3, 5, T0);

            ScaleDecision decision = new ScalingEngine(THRESHOLDS).decide(null, state, T0.plusSeconds(1)).decision();

            assertThat(decision.action()).isEqualTo(ScaleAction.HOLD);
            assertThat(decision.target()).isEqualTo(5);
            assertThat(decision.reason()).isEqualTo("hold at 5: no metrics snapshot (collection failed)");
        }

        @Test
        void aStaleSnapshotNeverScalesDown() {
            MetricsSnapshot old = pool(6, 0).build();

            ScaleDecision decision = new ScalingEngine(THRESHOLDS.withThresholds(ThresholdsConfig.defaults()
                    .withTiming(Duration.ZERO, Duration.ZERO, Duration.ZERO)))
                    .decide(old, ScalingState.initial(), T0.plusSeconds(11)).decision();

            assertThat(decision.target()).isEqualTo(6);
            assertThat(decision.reason()).isEqualTo("hold at 6: metrics are 11 s old (limit 10 s)");
        }

        @Test
        void noHeartbeatWhileTheScalerRunsInstancesHolds() {
            ScaleDecision decision = decide(THRESHOLDS, pool(0, 0).scaler(4).build());

            assertThat(decision.target()).isEqualTo(4);
            assertThat(decision.kind()).isEqualTo(DecisionKind.GUARD);
            assertThat(decision.reason()).isEqualTo("hold at 4: no worker heartbeat while the scaler runs 4 instance(s)");
        }

        @Test
        void aPoolOutsideItsBoundsIsBroughtBackFirst() {
            assertThat(decide(THRESHOLDS.withBounds(3, 10), pool(1, 0).build()).reason())
                    .isEqualTo("scale up 1 → 3: 1 workers is below minWorkers 3");
            assertThat(decide(THRESHOLDS.withBounds(1, 4), pool(6, 6).queue(50).build()).target()).isEqualTo(4);
        }
    }

    @Test
    void everyDecisionRecordsItsInputsAndEta() {
        ScaleDecision decision = decide(THRESHOLDS, pool(3, 3).queue(25).avg(3000).build());

        assertThat(decision.inputs()).hasValueSatisfying(inputs -> {
            assertThat(inputs.queueLength()).isEqualTo(25);
            assertThat(inputs.busyWorkers()).isEqualTo(3);
            assertThat(inputs.utilization()).isEqualTo(1.0);
            assertThat(inputs.currentWorkers()).isEqualTo(3);
        });
        assertThat(decision.etaToDrain()).contains(Duration.ofMillis(23_500)); // 25 x 3 s / 3 workers - 1.5 s
        assertThat(decision.proposals()).singleElement().extracting(Proposal::policy).isEqualTo("thresholds");
    }
}
