package io.qscale.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElasticityTest {

    /** A result with the given supply per second over a trace of the given work per second. */
    private static SimulationResult result(int[] arrivals, long serviceMs, int[] supply, long[] waits) {
        List<Trace.Second> rows = new ArrayList<>();
        for (int a : arrivals) {
            rows.add(new Trace.Second(a, serviceMs));
        }
        List<long[]> samples = new ArrayList<>();
        for (int i = 0; i < supply.length; i++) {
            samples.add(new long[] {i, supply[i], supply[i], 0, 0});
        }
        SimulationSettings settings = SimulationSettings.defaults().withTargetUtilization(0.5);
        settings = new SimulationSettings(settings.startup(), settings.serviceTimes(), 1, 0.5, Duration.ofSeconds(1),
                Duration.ZERO, Duration.ZERO);
        return new SimulationResult(new Trace("t", rows), "p", settings, samples, waits, 0, 0, 12.5,
                List.of(new SimulationResult.Action(0, 1, 2, "up")));
    }

    @Test
    void demandIsTheArrivingWorkOverTheWindowAtTheTargetUtilization() {
        // 1 s window, utilization 0.5: 2 tasks of 1 s need 4 workers; 1 task of 0.4 s needs 0.8 -> 1.
        SimulationResult r = result(new int[] {2, 0, 1}, 1000, new int[] {0, 0, 0}, new long[0]);
        assertThat(Elasticity.demand(r)).containsExactly(4, 0, 2);
        SimulationResult small = result(new int[] {1}, 400, new int[] {0}, new long[0]);
        assertThat(Elasticity.demand(small)).containsExactly(1);
    }

    @Test
    void accuracyTimeshareInstabilityAndJitterFollowBungeesFormulas() {
        // demand 4, 0, 2, 2; supply 2, 2, 2, 3
        SimulationResult r = result(new int[] {2, 0, 1, 1}, 1000, new int[] {2, 2, 2, 3}, new long[] {5, 1, 9, 3});

        Elasticity.Scores s = Elasticity.score(r);

        // under: (4-2)/4 = 0.5 at t0 -> 100 * 0.5 / 4 = 12.5 %; over: 2/1 at t1, 1/2 at t3 -> 100 * 2.5 / 4 = 62.5 %
        assertThat(s.underAccuracy()).isCloseTo(12.5, within(1e-9));
        assertThat(s.overAccuracy()).isCloseTo(62.5, within(1e-9));
        assertThat(s.underTimeshare()).isEqualTo(25.0);
        assertThat(s.overTimeshare()).isEqualTo(50.0);
        // steps: d -,+,0 / s 0,0,+ -> mismatched at every step: 100 %
        assertThat(s.instability()).isEqualTo(100.0);
        // supply changed once, demand twice, in 4 s: -1 per 4 s = -900 per hour
        assertThat(s.jitter()).isCloseTo(-900.0, within(1e-9));
        assertThat(s.waitP50Ms()).isEqualTo(3);
        assertThat(s.waitP95Ms()).isEqualTo(9);
        assertThat(s.waitMaxMs()).isEqualTo(9);
        assertThat(s.workerSeconds()).isEqualTo(12.5);
        assertThat(s.scalingActions()).isEqualTo(1);
    }

    @Test
    void percentilesAreNearestRank() {
        assertThat(Elasticity.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.95)).isEqualTo(10);
        assertThat(Elasticity.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.5)).isEqualTo(5);
        assertThat(Elasticity.percentile(new long[0], 0.5)).isZero();
    }
}
