package io.qscale.rules.policy;

import static io.qscale.rules.policy.Snapshots.T0;
import static io.qscale.rules.policy.Snapshots.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qscale.rules.config.PolicyKind;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.config.TargetTrackingConfig;
import io.qscale.rules.hpa.RatePolicy;
import io.qscale.rules.hpa.ScalingRules;
import io.qscale.rules.hpa.SelectPolicy;
import io.qscale.rules.hpa.Tolerance;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The engine's own edges: where the pool size comes from, bounds met exactly, staleness to the millisecond. */
class EngineEdgesTest {

    private static ScaleDecision decide(ScalingConfig config, Snapshots snapshot) {
        return new ScalingEngine(config).decide(snapshot.build(), ScalingState.initial(), snapshot.at).decision();
    }

    @Test
    void theScalersCountOfZeroIsThePoolSizeEvenWhileStoppedWorkersStillHeartbeat() {
        ScaleDecision decision = decide(ScalingConfig.thresholdsProfile().withBounds(0, 10), pool(2, 0).scaler(0));

        assertThat(decision.current()).isZero();
    }

    @Test
    void aPoolExactlyAtItsBoundsIsNotBroughtBack() {
        assertThat(decide(ScalingConfig.thresholdsProfile().withBounds(3, 6), pool(3, 0).scaler(3)).kind()).isNotEqualTo(DecisionKind.RANGE);
        assertThat(decide(ScalingConfig.thresholdsProfile().withBounds(3, 6), pool(6, 0).scaler(6)).kind()).isNotEqualTo(DecisionKind.RANGE);
        assertThat(decide(ScalingConfig.thresholdsProfile().withBounds(3, 6), pool(7, 0).scaler(7)).clamps())
                .singleElement().satisfies(clamp -> assertThat(clamp.kind()).isEqualTo(Clamp.Kind.MAX));
        assertThat(decide(ScalingConfig.thresholdsProfile().withBounds(3, 6), pool(2, 0).scaler(2)).clamps())
                .singleElement().satisfies(clamp -> assertThat(clamp.kind()).isEqualTo(Clamp.Kind.MIN));
    }

    @Test
    void aProposalExactlyAtMaxOrMinIsNotClamped() {
        ScaleDecision up = decide(ScalingConfig.thresholdsProfile().withBounds(1, 6), pool(4, 4).scaler(4).queue(20));
        assertThat(up.target()).isEqualTo(6);
        assertThat(up.clamps()).isEmpty();

        ScalingEngine engine = new ScalingEngine(ScalingConfig.thresholdsProfile().withBounds(3, 10));
        Evaluation idle = engine.decide(pool(4, 0).scaler(4).build(), ScalingState.initial(), T0);
        ScaleDecision down = engine.decide(pool(4, 0).scaler(4).at(T0.plusSeconds(300)).build(), idle.state(),
                T0.plusSeconds(300)).decision();
        assertThat(down.target()).isEqualTo(3);
        assertThat(down.clamps()).isEmpty();
    }

    @Test
    void aSnapshotIsStaleOnlyPastMaxSnapshotAge() {
        ScalingEngine engine = new ScalingEngine(ScalingConfig.thresholdsProfile());
        var snapshot = pool(4, 4).scaler(4).queue(20).build();

        assertThat(engine.decide(snapshot, ScalingState.initial(), T0.plusSeconds(10)).decision().kind()).isEqualTo(DecisionKind.POLICY);
        assertThat(engine.decide(snapshot, ScalingState.initial(), T0.plusSeconds(10).plusMillis(1)).decision().kind())
                .isEqualTo(DecisionKind.GUARD);
    }

    @Test
    void aNegativeManualTargetIsClampedToZeroAsAMinimum() {
        ScaleDecision decision = new ScalingEngine(ScalingConfig.thresholdsProfile())
                .decide(pool(3, 0).scaler(3).queue(5).avg(1000).build(), ScalingState.initial(), T0, OptionalInt.of(-1)).decision();

        assertThat(decision.target()).isZero();
        assertThat(decision.clamps()).singleElement().satisfies(clamp -> assertThat(clamp.kind()).isEqualTo(Clamp.Kind.MIN));
        assertThat(decision.etaAtTarget()).as("no worker: no ETA").isEmpty();
        assertThat(decision.etaToDrain()).isPresent();
    }

    @Test
    void theEngineShowsItsConfigAndItsBoundsRuleForManualTargets() {
        ScalingConfig config = ScalingConfig.thresholdsProfile().withBounds(1, 4);
        ScalingEngine engine = new ScalingEngine(config);

        assertThat(engine.config()).isSameAs(config);
        assertThatThrownBy(() -> engine.config().checkManualTarget(5)).hasMessageContaining("maxWorkers 4, but was 5");
    }

    @Test
    void poolCpuIsAnInputOnlyWhenWorkersReportIt() {
        DecisionInputs reported = decide(ScalingConfig.thresholdsProfile(), pool(2, 1).cpu(0.5)).inputs().orElseThrow();
        assertThat(reported.poolCpuMean()).hasValue(0.5);
        assertThat(reported.poolCpuMax()).hasValue(0.5);
        assertThat(decide(ScalingConfig.thresholdsProfile().withBounds(0, 10), pool(0, 0).scaler(0)).inputs().orElseThrow().poolCpuMean())
                .isEmpty();
    }

    @Test
    void everyPolicyNamesItselfInItsProposal() {
        ScalingConfig all = ScalingConfig.thresholdsProfile().withPolicies(List.of(PolicyKind.THRESHOLDS, PolicyKind.TARGET_TRACKING,
                PolicyKind.LATENCY));

        assertThat(decide(all, pool(3, 3).scaler(3).queue(10).avg(1000)).proposals()).extracting(Proposal::policy)
                .containsExactly("thresholds", "target-tracking", "latency");
    }

    @Test
    void noWorkerAndNoWorkWaitingAsksForNothing() {
        ScalingConfig zero = ScalingConfig.thresholdsProfile().withBounds(0, 10);
        assertThat(decide(zero, pool(0, 0).scaler(0)).target()).isZero();
        ScalingConfig latency = zero.withPolicies(List.of(PolicyKind.LATENCY));
        assertThat(decide(latency, pool(0, 0).scaler(0).avg(1000)).target()).isZero();
        assertThat(decide(latency, pool(0, 0).scaler(0).avg(1000).queue(1)).target()).isEqualTo(1);
    }

    @Test
    void hpaValueTypesOnTheirEdges() {
        Tolerance tolerance = Tolerance.symmetric(0.1);
        assertThat(tolerance.isWithin(0.9)).isTrue();
        assertThat(tolerance.isWithin(1.1)).isTrue();
        assertThat(tolerance.isWithin(0.8999)).isFalse();
        assertThat(tolerance.isWithin(1.1001)).isFalse();

        assertThat(RatePolicy.pods(1, 1).periodSeconds()).isEqualTo(1);
        assertThat(RatePolicy.pods(1, 1800).periodSeconds()).isEqualTo(1800);
        assertThatThrownBy(() -> RatePolicy.pods(1, 0)).hasMessageStartingWith("policy.periodSeconds must be between 1 and 1800");
        assertThatThrownBy(() -> RatePolicy.pods(1, 1801)).hasMessageStartingWith("policy.periodSeconds must be between 1 and 1800");

        assertThat(new ScalingRules(List.of(), SelectPolicy.DISABLED, Optional.of(Duration.ZERO)).policies()).isEmpty();
        assertThat(new ScalingRules(List.of(RatePolicy.pods(1, 15)), SelectPolicy.MAX, Optional.of(Duration.ofSeconds(3600)))
                .stabilizationWindow()).contains(Duration.ofSeconds(3600));
        assertThatThrownBy(() -> new ScalingRules(List.of(), SelectPolicy.MAX, Optional.empty()))
                .hasMessageStartingWith("policies must not be empty unless selectPolicy is Disabled");
        assertThatThrownBy(() -> new ScalingRules(List.of(RatePolicy.pods(1, 15)), SelectPolicy.MAX,
                Optional.of(Duration.ofSeconds(3601)))).hasMessageStartingWith("stabilizationWindow must be between 0 and 3600 s");
        assertThatThrownBy(() -> new ScalingRules(List.of(RatePolicy.pods(1, 15)), SelectPolicy.MAX,
                Optional.of(Duration.ofSeconds(-1)))).hasMessageStartingWith("stabilizationWindow must be between 0 and 3600 s");

        TargetTrackingConfig tracking = TargetTrackingConfig.defaults();
        assertThatThrownBy(() -> new TargetTrackingConfig(tracking.metric(), 0, 0, tracking.tolerance(), tracking.behavior()))
                .hasMessageStartingWith("targetTracking.targetPerWorker must be a number > 0");
    }
}
