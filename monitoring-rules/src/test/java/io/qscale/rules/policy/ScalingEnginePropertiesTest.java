package io.qscale.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.rules.config.PolicyKind;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.config.TargetTrackingConfig;
import io.qscale.rules.config.ThresholdsConfig;
import io.qscale.rules.metrics.HostLoad;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.metrics.PoolCpu;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of the engine over random configurations, snapshots and histories. */
class ScalingEnginePropertiesTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    /** One evaluation's input: a snapshot (or none), taken some seconds before "now". */
    record Tick(long secondsAfterPrevious, boolean missing, long snapshotAgeSeconds, long queue, int active, int busy,
            double cpu, long avgMs, boolean scalerKnown) {
    }

    @Provide
    Arbitrary<ScalingConfig> configs() {
        Arbitrary<Integer> min = Arbitraries.integers().between(0, 5);
        Arbitrary<Integer> span = Arbitraries.integers().between(0, 20);
        Arbitrary<List<PolicyKind>> policies = Arbitraries.of(PolicyKind.class).set().ofMinSize(1).ofMaxSize(3)
                .map(ArrayList::new);
        Arbitrary<Integer> stepUp = Arbitraries.integers().between(1, 4);
        Arbitrary<Integer> stepDown = Arbitraries.integers().between(1, 4);
        Arbitrary<Boolean> keda = Arbitraries.of(true, false);
        return Combinators.combine(min, span, policies, stepUp, stepDown, keda).as((lo, s, kinds, up, down, useKeda) ->
                ScalingConfig.thresholdsProfile().withBounds(lo, Math.max(1, lo + s)).withPolicies(kinds)
                        .withThresholds(ThresholdsConfig.defaults().withSteps(up, down)
                                .withTiming(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(10)))
                        .withTargetTracking(useKeda ? TargetTrackingConfig.kedaDefaults() : TargetTrackingConfig.defaults()));
    }

    @Provide
    Arbitrary<List<Tick>> histories() {
        Arbitrary<Tick> tick = Combinators.combine(
                Arbitraries.longs().between(0, 120),
                Arbitraries.of(false, false, false, false, true),
                Arbitraries.longs().between(0, 30),
                Arbitraries.longs().between(0, 500),
                Arbitraries.integers().between(0, 30),
                Arbitraries.integers().between(0, 30),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.longs().between(0, 60_000)).as((gap, missing, age, queue, active, busy, cpu, avg) ->
                new Tick(gap, missing, age, queue, active, Math.min(busy, active), cpu, avg, active % 3 != 0));
        return tick.list().ofMinSize(1).ofMaxSize(40);
    }

    private static MetricsSnapshot snapshot(Tick tick, Instant now, int scalerCount) {
        return MetricsSnapshot.builder(now.minusSeconds(tick.snapshotAgeSeconds()), "jobs").queueLength(tick.queue())
                .inFlight(tick.busy()).workers(tick.active(), tick.busy()).avgProcessingTime(Duration.ofMillis(tick.avgMs()))
                .p95ProcessingTime(Duration.ofMillis(tick.avgMs())).processingSamples(tick.avgMs() > 0 ? 10 : 0)
                .host(new HostLoad(tick.cpu(), 0, 0))
                .poolCpu(tick.active() == 0 ? PoolCpu.UNKNOWN : new PoolCpu(tick.cpu(), tick.cpu(), tick.active()))
                .scalerInstances(scalerCount).build();
    }

    /** Runs the history; the pool follows every decision (the scaler reports the last target when "known"). */
    private static List<ScaleDecision> run(ScalingConfig config, List<Tick> ticks) {
        ScalingEngine engine = new ScalingEngine(config);
        ScalingState state = ScalingState.initial();
        Instant now = T0;
        List<ScaleDecision> decisions = new ArrayList<>();
        for (Tick tick : ticks) {
            now = now.plusSeconds(tick.secondsAfterPrevious());
            int scaler = tick.scalerKnown() && state.lastTarget().isPresent() ? state.lastTarget().getAsInt() : -1;
            MetricsSnapshot snapshot = tick.missing() ? null : snapshot(tick, now, scaler);
            Evaluation evaluation = engine.decide(snapshot, state, now);
            decisions.add(evaluation.decision());
            state = evaluation.state();
        }
        return decisions;
    }

    @Property
    void theTargetIsAlwaysWithinMinAndMaxWheneverThePoolSizeIsKnown(@ForAll("configs") ScalingConfig config,
            @ForAll("histories") List<Tick> ticks) {
        for (ScaleDecision decision : run(config, ticks)) {
            if (decision.kind() == DecisionKind.GUARD && decision.current() == 0 && decision.inputs().isEmpty()) {
                continue; // no snapshot and no earlier decision: the pool size is unknown, and nothing is asked
            }
            assertThat(decision.target()).as(decision.reason()).isBetween(config.minWorkers(), config.maxWorkers());
        }
    }

    @Property
    void missingOrStaleMetricsNeverScaleAPoolWithinItsBoundsDown(@ForAll("configs") ScalingConfig config,
            @ForAll("histories") List<Tick> ticks) {
        for (ScaleDecision decision : run(config, ticks)) {
            boolean usable = !decision.inputs().isEmpty() && decision.kind() != DecisionKind.GUARD;
            boolean inBounds = decision.current() >= config.minWorkers() && decision.current() <= config.maxWorkers();
            if (!usable && inBounds) {
                assertThat(decision.action()).as(decision.reason()).isEqualTo(ScaleAction.HOLD);
                assertThat(decision.target()).isEqualTo(decision.current());
            }
        }
    }

    @Property
    void aStaleSnapshotIsAlwaysAHold(@ForAll("configs") ScalingConfig config, @ForAll @IntRange(min = 11, max = 600) int age,
            @ForAll @IntRange(min = 0, max = 500) int queue) {
        int current = (config.minWorkers() + config.maxWorkers()) / 2;
        MetricsSnapshot old = snapshot(new Tick(0, false, 0, queue, current, 0, 0, 0, true), T0, current);

        ScaleDecision decision = new ScalingEngine(config).decide(old, ScalingState.initial(), T0.plusSeconds(age)).decision();

        assertThat(decision.action()).isEqualTo(ScaleAction.HOLD);
        assertThat(decision.kind()).isEqualTo(DecisionKind.GUARD);
    }

    @Property
    void aConstantLoadInsideTheToleranceNeverChangesTheTarget(@ForAll @IntRange(min = 1, max = 40) int workers,
            @ForAll @IntRange(min = -9, max = 9) int percentOff, @ForAll @IntRange(min = 1, max = 60) int ticks,
            @ForAll @IntRange(min = 1, max = 30) int seconds) {
        // backlog = 5 per worker, off by at most 9 %: inside the HPA's 10 % band.
        ScalingConfig config = ScalingConfig.thresholdsProfile().withBounds(1, 50).withPolicies(List.of(PolicyKind.TARGET_TRACKING));
        long backlog = Math.round(5.0 * workers * (1 + percentOff / 100.0));
        if (Math.abs(backlog / (5.0 * workers) - 1) > 0.099) {
            return; // rounding pushed it to the edge of the band
        }
        ScalingEngine engine = new ScalingEngine(config);
        ScalingState state = ScalingState.initial();
        for (int i = 0; i < ticks; i++) {
            Instant now = T0.plusSeconds((long) i * seconds);
            MetricsSnapshot snapshot = snapshot(new Tick(0, false, 0, backlog, workers, 0, 0, 0, true), now, workers);
            Evaluation evaluation = engine.decide(snapshot, state, now);
            assertThat(evaluation.decision().target()).as(evaluation.decision().reason()).isEqualTo(workers);
            state = evaluation.state();
        }
    }

    @Property
    void theDecisionIsDeterministic(@ForAll("configs") ScalingConfig config, @ForAll("histories") List<Tick> ticks) {
        assertThat(run(config, ticks)).isEqualTo(run(config, ticks));
    }
}
