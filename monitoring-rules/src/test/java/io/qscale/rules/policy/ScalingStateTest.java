package io.qscale.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.rules.hpa.ScaleEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScalingStateTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void aScaleRecordsItsSizeInItsDirection() {
        ScalingState state = ScalingState.initial().scaled(3, 5, T0).scaled(5, 2, T0.plusSeconds(1));

        assertThat(state.upEvents()).extracting(ScaleEvent::change).containsExactly(2);
        assertThat(state.downEvents()).extracting(ScaleEvent::change).containsExactly(3);
        assertThat(state.lastTarget()).hasValue(2);
        assertThat(state.lastScaleUp()).contains(T0);
        assertThat(state.lastScale()).contains(T0.plusSeconds(1));
    }

    @Test
    void eventsOlderThanThirtyMinutesAreForgottenAtTheNextScale() {
        ScalingState old = ScalingState.initial().scaled(1, 2, T0).scaled(2, 1, T0);
        Instant horizon = T0.plus(Duration.ofSeconds(1800));

        ScalingState atHorizon = old.scaled(1, 1, horizon);
        ScalingState past = old.scaled(1, 1, horizon.plusMillis(1));

        assertThat(atHorizon.upEvents()).as("exactly 1800 s old: gone").isEmpty();
        assertThat(old.scaled(1, 1, horizon.minusMillis(1)).upEvents()).hasSize(1);
        assertThat(old.scaled(1, 1, horizon.minusMillis(1)).downEvents()).hasSize(1);
        assertThat(past.downEvents()).isEmpty();
    }

    @Test
    void aMoveIntoTheBoundsChangesTheTargetAndRecordsNoEvent() {
        ScalingState state = ScalingState.initial().resized(3);

        assertThat(state.lastTarget()).hasValue(3);
        assertThat(state.upEvents()).isEmpty();
        assertThat(state.lastScale()).isEmpty();
    }
}
