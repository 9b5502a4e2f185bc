package io.qscale.rules.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingConfigTest {

    @Test
    void defaultsAreTheSeedRules() {
        ScalingConfig config = ScalingConfig.thresholdsProfile();

        assertThat(config.policies()).containsExactly(PolicyKind.THRESHOLDS);
        assertThat(config.thresholds().queueUp()).isEqualTo(8);
        assertThat(config.thresholds().utilizationUp()).isEqualTo(0.80);
        assertThat(config.thresholds().cpuUp()).isEqualTo(0.75);
        assertThat(config.thresholds().queueDown()).isEqualTo(2);
        assertThat(config.thresholds().utilizationDown()).isEqualTo(0.30);
        assertThat(config.thresholds().idleFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.targetTracking().targetPerWorker()).isEqualTo(5);
        assertThat(config.targetTracking().behavior().scaleDown().windowOrDefault()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aBadValueNamesTheFieldTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> ScalingConfig.thresholdsProfile().withBounds(7, 6))
                .hasMessage("minWorkers must be at most maxWorkers (6), but was 7");
        assertThatThrownBy(() -> ScalingConfig.thresholdsProfile().withBounds(-1, 6))
                .hasMessage("minWorkers must be >= 0, but was -1");
        assertThatThrownBy(() -> ThresholdsConfig.defaults().withSteps(0, 1))
                .hasMessage("thresholds.stepUp must be >= 1, but was 0");
        assertThatThrownBy(() -> new ThresholdsConfig(8, 1.2, 0.75, 2, 0.3, Duration.ZERO, 1, 1, Duration.ZERO, Duration.ZERO))
                .hasMessage("thresholds.utilizationUp must be between 0.0 and 1.0, but was 1.2");
        assertThatThrownBy(() -> new LatencyConfig(Duration.ZERO, null, null))
                .hasMessage("latency.targetLatency must be > 0, but was PT0S");
        assertThatThrownBy(() -> ScalingConfig.thresholdsProfile().withPolicies(List.of()))
                .hasMessage("policies must name at least one of thresholds, target-tracking, latency, but was []");
    }

    @Test
    void policyNamesAreParsedWithAClearError() {
        assertThat(PolicyKind.fromConfig("policies[0]", "Target-Tracking")).isEqualTo(PolicyKind.TARGET_TRACKING);
        assertThatThrownBy(() -> PolicyKind.fromConfig("policies[1]", "magic"))
                .hasMessage("policies[1] must be one of thresholds, target-tracking, latency, but was 'magic'");
    }

    @Test
    void theDemoProfileKeepsThePoolBetweenThreeAndSix() {
        ScalingConfig demo = ScalingConfig.demo();

        assertThat(demo.minWorkers()).isEqualTo(3);
        assertThat(demo.maxWorkers()).isEqualTo(6);
        assertThat(demo.thresholds().stepUp()).isEqualTo(2);
        assertThat(demo.thresholds().stepDown()).isEqualTo(2);
        assertThat(demo.thresholds().cpuUp()).as("the CPU rule is off: demo workers share the host").isEqualTo(1.0);
    }

    @Test
    void profilesByNameAndTheDefaultProfileKeepsWorkersAtMostEightyPercentBusy() {
        assertThat(ScalingConfig.profile("thresholds")).isEqualTo(ScalingConfig.thresholdsProfile());
        assertThat(ScalingConfig.profile("demo")).isEqualTo(ScalingConfig.demo());
        ScalingConfig tracking = ScalingConfig.profile("default");
        assertThat(tracking).isEqualTo(ScalingConfig.defaultProfile());
        assertThat(tracking.policies()).containsExactly(PolicyKind.TARGET_TRACKING);
        assertThat(tracking.targetTracking().metric()).isEqualTo(TargetTrackingConfig.Metric.BACKLOG);
        assertThat(tracking.targetTracking().targetPerWorker()).isEqualTo(0.8);
        assertThat(tracking.targetTracking().behavior().scaleDown().stabilizationWindow()).contains(Duration.ofSeconds(30));
        assertThatThrownBy(() -> ScalingConfig.profile("turbo"))
                .hasMessage("--profile must be default, thresholds or demo, but was 'turbo'");
    }

    @Test
    void theRulesReadAsOneLine() {
        assertThat(ScalingConfig.defaultProfile().summary()).isEqualTo("target-tracking, pool 1 to 10");
        assertThat(ScalingConfig.thresholdsProfile().withBounds(2, 5)
                .withPolicies(java.util.List.of(PolicyKind.THRESHOLDS, PolicyKind.LATENCY)).summary())
                .isEqualTo("thresholds + latency, pool 2 to 5");
        assertThat(io.qscale.rules.policy.Clamp.Kind.COOLDOWN.wire()).isEqualTo("cooldown");
    }
}
