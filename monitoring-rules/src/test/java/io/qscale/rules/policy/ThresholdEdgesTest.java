package io.qscale.rules.policy;

import static io.qscale.rules.policy.Snapshots.T0;
import static io.qscale.rules.policy.Snapshots.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.rules.config.ScalingConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seed's thresholds on, just under and just over their values; cooldowns and idle time to the millisecond. */
class ThresholdEdgesTest {

    private static final ScalingConfig WIDE = ScalingConfig.thresholdsProfile().withBounds(1, 200);

    private static ScaleDecision decide(Snapshots snapshot) {
        return new ScalingEngine(WIDE).decide(snapshot.build(), ScalingState.initial(), T0).decision();
    }

    @ParameterizedTest(name = "queue {0} -> {1}")
    @CsvSource({"7, HOLD", "8, HOLD", "9, SCALE_UP"})
    void queueAboveEightScalesUp(long queue, ScaleAction action) {
        assertThat(decide(pool(4, 1).queue(queue)).action()).isEqualTo(action);
    }

    @ParameterizedTest(name = "{0} of 100 busy -> {1}")
    @CsvSource({"79, HOLD", "80, HOLD", "81, SCALE_UP"})
    void utilizationAboveEightyPercentScalesUp(int busy, ScaleAction action) {
        assertThat(decide(pool(100, busy).queue(3)).action()).isEqualTo(action);
    }

    @ParameterizedTest(name = "pool CPU {0} -> {1}")
    @CsvSource({"0.74, HOLD", "0.75, HOLD", "0.751, SCALE_UP"})
    void poolCpuAboveSeventyFivePercentScalesUp(double cpu, ScaleAction action) {
        assertThat(decide(pool(4, 1).queue(3).cpu(cpu)).action()).isEqualTo(action);
    }

    @ParameterizedTest(name = "host CPU {0} -> {1}")
    @CsvSource({"0.899, SCALE_UP", "0.90, HOLD", "0.95, HOLD"})
    void aSharedHostIsSaturatedFromNinetyPercent(double host, ScaleAction action) {
        assertThat(decide(pool(4, 1).queue(3).cpu(0.9).host(host, true)).action()).isEqualTo(action);
    }

    @ParameterizedTest(name = "queue {0}, {1} of 100 busy, idle -> idle clock runs: {2}")
    @CsvSource({"1, 29, true", "2, 29, false", "0, 30, false", "0, 0, true"})
    void thePoolIsIdleBelowTwoWaitingAndThirtyPercentBusy(long queue, int busy, boolean idle) {
        Evaluation first = new ScalingEngine(WIDE).decide(pool(100, busy).queue(queue).build(), ScalingState.initial(), T0);

        assertThat(first.state().idleSince().isPresent()).isEqualTo(idle);
    }

    @Test
    void scaleDownComesExactlyWhenTheIdleTimeIsUp() {
        ScalingEngine engine = new ScalingEngine(WIDE);
        Evaluation start = engine.decide(pool(4, 0).build(), ScalingState.initial(), T0);
        Instant justBefore = T0.plus(Duration.ofMinutes(5)).minusMillis(1);
        Instant onTime = T0.plus(Duration.ofMinutes(5));

        ScaleDecision before = engine.decide(pool(4, 0).at(justBefore).build(), start.state(), justBefore).decision();
        ScaleDecision due = engine.decide(pool(4, 0).at(onTime).build(), start.state(), onTime).decision();

        assertThat(before.action()).isEqualTo(ScaleAction.HOLD);
        assertThat(due.action()).isEqualTo(ScaleAction.SCALE_DOWN);
        assertThat(due.target()).isEqualTo(3);
    }

    @Test
    void theScaleUpCooldownEndsToTheMillisecond() {
        ScalingEngine engine = new ScalingEngine(WIDE);
        Evaluation up = engine.decide(pool(4, 4).scaler(4).queue(20).build(), ScalingState.initial(), T0);
        Instant justBefore = T0.plusSeconds(30).minusMillis(1);
        Instant onTime = T0.plusSeconds(30);

        ScaleDecision cooling = engine.decide(pool(6, 6).scaler(6).queue(20).at(justBefore).build(), up.state(), justBefore)
                .decision();
        ScaleDecision again = engine.decide(pool(6, 6).scaler(6).queue(20).at(onTime).build(), up.state(), onTime).decision();

        assertThat(up.decision().target()).isEqualTo(6);
        assertThat(cooling.action()).isEqualTo(ScaleAction.HOLD);
        assertThat(cooling.reason()).endsWith("(limited: scale-up cooldown: 1 ms of 30 s left)");
        assertThat(again.target()).isEqualTo(8);
    }

    @Test
    void theScaleDownCooldownEndsToTheMillisecondAfterAnyScale() {
        ScalingEngine engine = new ScalingEngine(WIDE);
        // A scale-up at T0, then the pool goes idle at once: the idle time is long over before the cooldown.
        Evaluation up = engine.decide(pool(4, 4).scaler(4).queue(20).build(), ScalingState.initial(), T0);
        Instant idleStart = T0.minus(Duration.ofMinutes(10));
        ScalingState idleLongAgo = up.state().withIdleSince(java.util.Optional.of(idleStart));
        Instant justBefore = T0.plusSeconds(60).minusMillis(1);
        Instant onTime = T0.plusSeconds(60);

        ScaleDecision cooling = engine.decide(pool(6, 0).scaler(6).at(justBefore).build(), idleLongAgo, justBefore).decision();
        ScaleDecision down = engine.decide(pool(6, 0).scaler(6).at(onTime).build(), idleLongAgo, onTime).decision();

        assertThat(cooling.action()).isEqualTo(ScaleAction.HOLD);
        assertThat(cooling.reason()).contains("scale-down cooldown: 1 ms of 1 min 00 s left");
        assertThat(down.action()).isEqualTo(ScaleAction.SCALE_DOWN);
        assertThat(down.target()).isEqualTo(5);
    }

    @Test
    void anEmptyPoolWithWorkWaitingGetsAWorkerWhateverTheThresholds() {
        ScaleDecision decision = new ScalingEngine(ScalingConfig.thresholdsProfile().withBounds(0, 10))
                .decide(pool(0, 0).scaler(0).queue(1).build(), ScalingState.initial(), T0).decision();

        assertThat(decision.target()).isEqualTo(2);
        assertThat(decision.rule()).isEqualTo("queue 1 > 0 with no worker");
    }
}
