package io.qscale.manager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qscale.core.control.ManagerMode;
import io.qscale.rules.config.PolicyKind;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.config.TargetTrackingConfig;
import io.qscale.rules.hpa.RatePolicy;
import io.qscale.rules.hpa.SelectPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QscaleConfigTest {

    private static QscaleConfig parse(String yaml) {
        return QscaleConfig.parse(yaml, ScalingConfig.thresholdsProfile(), "qscale.yml");
    }

    @Test
    void theShippedExampleLoadsAndSaysWhatItSays() {
        QscaleConfig config = QscaleConfig.load(Path.of("..", "qscale.example.yml"), ScalingConfig.thresholdsProfile());

        assertThat(config.redis()).contains("redis://127.0.0.1:6379");
        assertThat(config.queue()).contains("tasks");
        assertThat(config.scaling().policies()).containsExactly(PolicyKind.TARGET_TRACKING);
        assertThat(config.scaling().targetTracking().targetPerWorker()).isEqualTo(0.8);
        assertThat(config.scaling().thresholds().idleFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.scaling().targetTracking().behavior().scaleUp().policies())
                .containsExactly(RatePolicy.pods(4, 15), RatePolicy.percent(100, 15));
        assertThat(config.scaling().targetTracking().behavior().scaleDown().stabilizationWindow()).contains(Duration.ofSeconds(30));
        assertThat(config.scaling()).as("the example shows the default profile").isEqualTo(ScalingConfig.profile("default"));
        assertThat(config.scalerType()).contains("local");
        assertThat(config.scalerSettings()).containsEntry("stopGraceMs", "35000");
        assertThat(config.mode()).contains(ManagerMode.AUTO);
    }

    @Test
    void whatIsLeftOutKeepsItsDefault() {
        QscaleConfig config = parse("scaling:\n  maxWorkers: 4\n  targetTracking:\n    metric: queue\n    scaleUp: {select: min}\n");

        assertThat(config.scaling().maxWorkers()).isEqualTo(4);
        assertThat(config.scaling().minWorkers()).isEqualTo(ScalingConfig.DEFAULT_MIN_WORKERS);
        assertThat(config.scaling().targetTracking().metric()).isEqualTo(TargetTrackingConfig.Metric.QUEUE);
        assertThat(config.scaling().targetTracking().behavior().scaleUp().select()).isEqualTo(SelectPolicy.MIN);
        assertThat(config.scaling().targetTracking().behavior().scaleUp().policies()).hasSize(2);
        assertThat(config.redis()).isEmpty();
        assertThat(parse("").scaling()).isEqualTo(ScalingConfig.thresholdsProfile());
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        QscaleConfig config = parse("scaling:\n  maxSnapshotAge: 1500ms\n  latency: {targetLatency: 2m}\n"
                + "  thresholds: {cooldownUp: 45, idleFor: 1h}\n");

        assertThat(config.scaling().maxSnapshotAge()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.scaling().latency().targetLatency()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.scaling().thresholds().cooldownUp()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.scaling().thresholds().idleFor()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void everyBadValueNamesItsPathTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> parse("scaling:\n  thresholds:\n    queueUp: -1\n"))
                .hasMessage("scaling.thresholds.queueUp must be >= 0, but was -1");
        assertThatThrownBy(() -> parse("scaling:\n  minWorkers: 7\n  maxWorkers: 6\n"))
                .hasMessage("scaling.minWorkers must be at most maxWorkers (6), but was 7");
        assertThatThrownBy(() -> parse("scaling:\n  thresholds:\n    queueUpp: 3\n"))
                .hasMessageStartingWith("scaling.thresholds.queueUpp is not a known setting; known here: queueUp, ");
        assertThatThrownBy(() -> parse("scaling:\n  policies: [thresholds, magic]\n"))
                .hasMessage("scaling.policies[1] must be one of thresholds, target-tracking, latency, but was 'magic'");
        assertThatThrownBy(() -> parse("scaling:\n  thresholds: {idleFor: soon}\n"))
                .hasMessage("scaling.thresholds.idleFor must be a duration such as 500ms, 30s, 5m or 1h, but was \"soon\"");
        assertThatThrownBy(() -> parse("scaling:\n  targetTracking:\n    scaleUp:\n      policies: [{type: pods, value: 0}]\n"))
                .hasMessage("scaling.targetTracking.scaleUp.policies[0].value must be >= 1, but was 0");
        assertThatThrownBy(() -> parse("scaling:\n  latency: {tolerance: -0.5}\n"))
                .hasMessage("scaling.latency.tolerance must be a finite number >= 0.0, but was -0.5");
        assertThatThrownBy(() -> parse("manager: {mode: sometimes}\n"))
                .hasMessage("manager.mode must be auto, dry-run or manual:N (N >= 0), but was 'sometimes'");
        assertThatThrownBy(() -> parse("scaling: [1, 2\n"))
                .hasMessageStartingWith("qscale.yml is not valid YAML: ");
        // Found by QscaleConfigFuzzTest: the parser's own message quotes the source over several lines.
        assertThatThrownBy(() -> parse("\""))
                .hasMessage("qscale.yml is not valid YAML: while scanning a quoted scalar; found unexpected end of stream (line 1)");
        // Found by QscaleConfigFuzzTest in CI: the parser quotes a U+2028 line separator; it is written as its code.
        assertThatThrownBy(() -> parse("%\u2028"))
                .hasMessage("qscale.yml is not valid YAML: while scanning a directive; expected alphabetic or numeric character,"
                        + " but found \\u2028(8232) (line 1)");
        // Found by QscaleConfigFuzzTest in CI: a document that is a quoted scalar holding a line separator.
        assertThatThrownBy(() -> parse("\"\\u2028\""))
                .hasMessage("the config must be a mapping, but was \"\\u2028\"");
    }

    @Test
    void theHttpSectionIsReadAndItsTokenNeverPrinted() {
        QscaleConfig config = parse("http:\n  port: 9100\n  bind: 0.0.0.0\n  token: hunter2\n");

        assertThat(config.http().port()).contains(9100);
        assertThat(config.http().bind()).contains("0.0.0.0");
        assertThat(config.http().token()).contains("hunter2");
        assertThat(config.toString()).doesNotContain("hunter2").contains("token=***");
        assertThatThrownBy(() -> parse("http: {port: 70000}"))
                .hasMessage("http.port must be a port from 0 to 65535, but was 70000");
        assertThat(QscaleConfig.load(Path.of("..", "qscale.example.yml"), ScalingConfig.thresholdsProfile()).http().port()).contains(8080);
    }

    @Test
    void theDemoProfileCanBeTheBase() {
        QscaleConfig config = QscaleConfig.parse("scaling: {maxWorkers: 8}", ScalingConfig.demo(), "x");

        assertThat(config.scaling().minWorkers()).isEqualTo(3);
        assertThat(config.scaling().maxWorkers()).isEqualTo(8);
        assertThat(config.mode()).isEqualTo(Optional.empty());
    }
}
