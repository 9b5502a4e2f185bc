package io.qscale.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DrainTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private static DrainTracker draining(String... ids) {
        DrainTracker drains = new DrainTracker();
        for (int i = 0; i < ids.length; i++) {
            drains.start(ids[i], T0.plusSeconds(40 + i));
        }
        return drains;
    }

    @Test
    void aScaleUpTakesTheNewestDrainsBackFirst() {
        DrainTracker drains = draining("w1", "w2", "w3");

        assertThat(drains.cancelNewest(2)).containsExactly("w3", "w2");
        assertThat(drains.ids()).containsExactly("w1");
        assertThat(drains.cancelNewest(5)).containsExactly("w1");
        assertThat(drains.size()).isZero();
    }

    @Test
    void aDrainEndsWhenItsWorkerLeftOrOnlyOnceItsGraceRanOut() {
        DrainTracker drains = draining("w1", "w2", "w3");
        Set<String> left = Set.of("w2");

        assertThat(drains.ended(left::contains, T0.plusSeconds(40))).as("w1's grace ends at +40 s, inclusive")
                .containsExactly(new DrainTracker.Ended("w2", false));
        assertThat(drains.ended(left::contains, T0.plusSeconds(40).plusMillis(1)))
                .containsExactly(new DrainTracker.Ended("w1", true), new DrainTracker.Ended("w2", false));
    }

    @Test
    void anEndedDrainIsTrackedUntilItsWorkerWasStopped() {
        DrainTracker drains = draining("w1");
        Instant late = T0.plus(Duration.ofMinutes(5));

        assertThat(drains.ended(id -> false, late)).hasSize(1);
        assertThat(drains.contains("w1")).as("the stop may fail: tried again next tick").isTrue();
        drains.forget("w1");
        assertThat(drains.ended(id -> true, late)).isEmpty();
        assertThat(drains.contains("w1")).isFalse();
    }
}
