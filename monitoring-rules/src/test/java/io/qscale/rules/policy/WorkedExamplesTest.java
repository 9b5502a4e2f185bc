package io.qscale.rules.policy;

import static io.qscale.rules.policy.Snapshots.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.rules.config.LatencyConfig;
import io.qscale.rules.config.PolicyKind;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.config.TargetTrackingConfig;
import io.qscale.rules.hpa.Behavior;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of docs/scaling-rules.md: the seed's burst (3 busy workers, 25 more tasks
 * of 3 s each) under each policy at its defaults, pool bounds 1 to 10. The reasons are quoted in
 * the doc word for word.
 */
class WorkedExamplesTest {

    private static ScaleDecision firstDecision(ScalingConfig config) {
        var snapshot = pool(3, 3).queue(25).inFlight(3).avg(3000).build();
        return new ScalingEngine(config).decide(snapshot, ScalingState.initial(), snapshot.takenAt()).decision();
    }

    private static ScalingConfig only(PolicyKind kind) {
        return ScalingConfig.thresholdsProfile().withBounds(1, 10).withPolicies(List.of(kind));
    }

    @Test
    void thresholds() {
        assertThat(firstDecision(only(PolicyKind.THRESHOLDS)).reason())
                .isEqualTo("scale up 3 → 5: queue 25 > 8, utilization 100 % > 80 %");
    }

    @Test
    void targetTrackingOnTheBacklog() {
        assertThat(firstDecision(only(PolicyKind.TARGET_TRACKING)).reason())
                .isEqualTo("scale up 3 → 6: backlog 28 at 5 per worker needs 6");
    }

    @Test
    void targetTrackingAsKeda() {
        assertThat(firstDecision(only(PolicyKind.TARGET_TRACKING).withTargetTracking(TargetTrackingConfig.kedaDefaults())).reason())
                .isEqualTo("scale up 3 → 5: queue 25 at 5 per worker needs 5");
    }

    @Test
    void latencyAtThirtySeconds() {
        assertThat(firstDecision(only(PolicyKind.LATENCY)).reason())
                .isEqualTo("hold at 3: backlog 28 x avg 3.0 s / target 30 s = 2.8 workers");
    }

    @Test
    void latencyAtTenSeconds() {
        ScalingConfig config = only(PolicyKind.LATENCY)
                .withLatency(new LatencyConfig(Duration.ofSeconds(10), LatencyConfig.defaults().tolerance(), Behavior.defaults()));
        assertThat(firstDecision(config).reason()).isEqualTo(
                "scale up 3 → 7: backlog 28 x avg 3.0 s / target 10 s = 8.4 workers (limited: scale-up rate "
                        + "[4 workers per 15 s, 100 % per 15 s] allows 7 now)");
    }

    @Test
    void allThreeTogether() {
        ScaleDecision decision = firstDecision(ScalingConfig.thresholdsProfile().withBounds(1, 10)
                .withPolicies(List.of(PolicyKind.THRESHOLDS, PolicyKind.TARGET_TRACKING, PolicyKind.LATENCY)));
        assertThat(decision.proposals()).extracting(Proposal::target).containsExactly(5, 6, 3);
        assertThat(decision.reason()).isEqualTo("scale up 3 → 6: backlog 28 at 5 per worker needs 6");
    }
}
