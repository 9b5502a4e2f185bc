package io.qscale.rules.policy;

import static io.qscale.rules.policy.Snapshots.T0;
import static io.qscale.rules.policy.Snapshots.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qscale.rules.config.LatencyConfig;
import io.qscale.rules.config.PolicyKind;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.config.TargetTrackingConfig;
import io.qscale.rules.config.ThresholdsConfig;
import io.qscale.rules.hpa.Pod;
import io.qscale.rules.hpa.PodState;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What people read: each policy's name, the activation and tolerance wording, and the labels. */
class PolicyWordingTest {

    private static final ScalingConfig TRACKING = ScalingConfig.thresholdsProfile().withBounds(0, 20)
            .withPolicies(List.of(PolicyKind.TARGET_TRACKING)).withTargetTracking(TargetTrackingConfig.kedaDefaults());

    @Test
    void eachPolicyKnowsItsName() {
        assertThat(new ThresholdsPolicy(ThresholdsConfig.defaults()).name()).isEqualTo("thresholds");
        assertThat(new TargetTrackingPolicy(TargetTrackingConfig.defaults()).name()).isEqualTo("target-tracking");
        assertThat(new LatencyPolicy(LatencyConfig.defaults()).name()).isEqualTo("latency");
        assertThat(ScaleAction.SCALE_UP.label()).isEqualTo("SCALE UP");
    }

    @Test
    void fromZeroWorkersTheRuleSaysWhetherTheMetricPassedTheActivation() {
        ScaleDecision idle = new ScalingEngine(TRACKING).decide(pool(0, 0).scaler(0).build(), ScalingState.initial(), T0).decision();
        ScaleDecision busy = new ScalingEngine(TRACKING).decide(pool(0, 0).scaler(0).queue(7).build(), ScalingState.initial(), T0)
                .decision();

        assertThat(idle.proposals()).singleElement().satisfies(p -> assertThat(p.rule()).contains("<= activation 0"));
        assertThat(busy.proposals()).singleElement().satisfies(p -> assertThat(p.rule()).contains("> activation 0"));
        assertThat(busy.target()).isEqualTo(2);
    }

    @Test
    void withinToleranceTheRuleShowsTheRatioOfMetricToTarget() {
        ScaleDecision decision = new ScalingEngine(TRACKING).decide(pool(2, 2).scaler(2).queue(10).inFlight(0).build(),
                ScalingState.initial(), T0).decision();

        assertThat(decision.target()).isEqualTo(2);
        assertThat(decision.proposals()).singleElement()
                .satisfies(p -> assertThat(p.rule()).contains("(ratio 1, within tolerance)"));
    }

    @Test
    void aPolicyMayVoteOnlyOnce() {
        assertThatThrownBy(() -> ScalingConfig.thresholdsProfile().withPolicies(List.of(PolicyKind.LATENCY, PolicyKind.LATENCY)))
                .hasMessage("policies must not repeat a policy, but was [LATENCY, LATENCY]");
    }

    @Test
    void withNoTaskFinishedTheTaskTimeIsTheLongestRunningOne() {
        MetricsSnapshot snapshot = MetricsSnapshot.builder(T0, "jobs").queueLength(6).workers(2, 2).processingSamples(0)
                .avgProcessingTime(Duration.ofMillis(1000)).oldestRunningAge(Duration.ofMillis(3000)).build();

        assertThat(snapshot.taskTime()).contains(Duration.ofMillis(3000));
    }

    @Test
    void aPodWithoutAMetricIsMissing() {
        Pod pod = Pod.of("p-0", PodState.READY);

        assertThat(pod.name()).isEqualTo("p-0");
        assertThat(pod.state()).isEqualTo(PodState.READY);
    }
}
