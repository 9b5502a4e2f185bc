package io.qscale.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.rules.config.ScalingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static Trace steady(int seconds, int perSecond, long serviceMs) {
        List<Trace.Second> rows = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            rows.add(new Trace.Second(perSecond, serviceMs));
        }
        return new Trace("steady", rows);
    }

    @Test
    void aFixedPoolThatKeepsUpMakesNoTaskWait() {
        SimulationResult r = Simulator.run(steady(60, 1, 500), new Policy.Fixed(1), SimulationSettings.defaults()
                .withTail(Duration.ZERO), null);

        assertThat(r.completed()).isEqualTo(60);
        assertThat(r.waits()).hasSize(60).containsOnly(0L);
        assertThat(r.workerSeconds()).isEqualTo(60.0);
        assertThat(r.actions()).isEmpty();
    }

    @Test
    void aFixedPoolTooSmallQueuesTasksInArrivalOrder() {
        // 2 tasks of 1 s per second on one worker: at 10 s, 20 arrived, 9 done, 1 running, 10 waiting.
        SimulationResult r = Simulator.run(steady(10, 2, 1000), new Policy.Fixed(1), SimulationSettings.defaults()
                .withTail(Duration.ofSeconds(30)), null);

        assertThat(r.completed()).isEqualTo(20);
        assertThat(r.queue(10)).isEqualTo(10);
        long[] waits = r.waits();
        for (int i = 1; i < waits.length; i++) {
            assertThat(waits[i]).as("FIFO: later arrivals wait at least as long").isGreaterThanOrEqualTo(waits[i - 1] - 500);
        }
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnotherWithExponentialTimes() {
        SimulationSettings exponential = SimulationSettings.defaults().withServiceTimes(SimulationSettings.ServiceTimes.EXPONENTIAL);
        Policy policy = Policy.qscale("default", ScalingConfig.thresholdsProfile());

        Elasticity.Scores a = Elasticity.score(Simulator.run(Scenarios.named("step"), policy, exponential.withSeed(7), null));
        Elasticity.Scores b = Elasticity.score(Simulator.run(Scenarios.named("step"), policy, exponential.withSeed(7), null));
        Elasticity.Scores c = Elasticity.score(Simulator.run(Scenarios.named("step"), policy, exponential.withSeed(8), null));

        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void aScaleUpTakesTheStartUpDelayBeforeTheNewWorkersServe() {
        SimulationSettings slowStart = SimulationSettings.defaults().withStartup(Duration.ofSeconds(5));
        SimulationResult r = Simulator.run(Scenarios.named("seed-burst"), Policy.qscale("default", ScalingConfig.thresholdsProfile()),
                slowStart, null);

        SimulationResult.Action first = r.actions().get(0);
        int decidedAt = (int) (first.atMillis() / 1000);
        assertThat(first.to()).isGreaterThan(first.from());
        assertThat(r.instances(decidedAt + 1)).isEqualTo(first.to());
        assertThat(r.supply(decidedAt + 4)).isEqualTo(first.from());
        assertThat(r.supply(decidedAt + 6)).isEqualTo(first.to());
    }

    @Test
    void staleMetricsDelayTheFirstScaleUpByTheirAge() {
        Policy policy = Policy.qscale("default", ScalingConfig.profile("default"));
        SimulationResult fresh = Simulator.run(Scenarios.named("seed-burst"), policy, SimulationSettings.defaults(), null);
        SimulationResult stale = Simulator.run(Scenarios.named("seed-burst"), policy,
                SimulationSettings.defaults().withStaleness(Duration.ofSeconds(3)), null);

        assertThat(stale.actions().get(0).atMillis() - fresh.actions().get(0).atMillis()).isEqualTo(3000);
        assertThat(Elasticity.score(stale).waitP95Ms()).isGreaterThan(Elasticity.score(fresh).waitP95Ms());
    }

    @Test
    void kedaActivatesFromZeroAtAPollAndGoesBackToZeroAfterItsCooldown() {
        SimulationResult r = Simulator.run(Scenarios.named("seed-burst"), Policy.keda(10), SimulationSettings.defaults(), null);

        SimulationResult.Action first = r.actions().get(0);
        assertThat(first.from()).isZero();
        assertThat(first.to()).isEqualTo(1);
        assertThat(first.atMillis()).as("the first poll after the burst at 10 s").isEqualTo(30_000);
        assertThat(first.reason()).startsWith("keda: list has ");
        SimulationResult.Action last = r.actions().get(r.actions().size() - 1);
        assertThat(last.to()).isZero();
        assertThat(last.reason()).isEqualTo("keda: inactive for the cooldown period: " + last.from() + " → 0");
        // the list was last seen busy at a poll; 300 s of cooldown later, at a poll, back to zero
        assertThat(last.atMillis() % 30_000).isZero();
        assertThat(last.atMillis()).isGreaterThanOrEqualTo(first.atMillis() + 300_000);
    }

    @Test
    void kubernetesRemovesTheNewestPodsAndQscaleTheIdleWorkers() {
        assertThat(Policy.hpa(10).removal()).isEqualTo(Policy.Removal.NEWEST_FIRST);
        assertThat(Policy.keda(10).removal()).isEqualTo(Policy.Removal.NEWEST_FIRST);
        assertThat(Policy.seed(10).removal()).isEqualTo(Policy.Removal.DRAIN_IDLE_FIRST);
        assertThat(Policy.keda(10).start().initial()).as("KEDA idles at zero replicas").isZero();
    }

    /**
     * The default profile (target tracking; docs/benchmarks.md, "Scaling quality") against the HPA, KEDA and the
     * seed's loop on the four scenarios where the goal can be met: no more often short of workers
     * (τU), a shorter p95 wait, and no more worker-seconds than the HPA.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"seed-burst", "step", "flash-crowd", "on-off"})
    void theDefaultProfileBeatsTheBaselinesWhereTheGoalCanBeMet(String scenario) {
        Trace trace = Scenarios.named(scenario);
        SimulationSettings settings = SimulationSettings.defaults();
        Elasticity.Scores tracking = Elasticity.score(Simulator.run(trace, Policy.qscale("default", ScalingConfig.profile("default")),
                settings, null));
        for (Policy baseline : List.of(Policy.hpa(10), Policy.keda(10), Policy.seed(10))) {
            Elasticity.Scores other = Elasticity.score(Simulator.run(trace, baseline, settings, null));
            assertThat(tracking.underTimeshare()).as("τU against " + baseline.name()).isLessThanOrEqualTo(other.underTimeshare());
            assertThat(tracking.waitP95Ms()).as("p95 wait against " + baseline.name()).isLessThan(other.waitP95Ms());
            if (baseline.name().equals("hpa")) {
                assertThat(tracking.workerSeconds()).as("worker-seconds against hpa").isLessThanOrEqualTo(other.workerSeconds());
            }
        }
    }
}
