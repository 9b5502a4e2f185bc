package io.qscale.sim;

import io.qscale.rules.config.PolicyKind;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.config.TargetTrackingConfig;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.policy.ScaleDecision;
import io.qscale.rules.policy.ScalingEngine;
import io.qscale.rules.policy.ScalingState;
import io.qscale.rules.policy.Evaluation;
import io.qscale.rules.validation.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What decides the pool's size in a simulation: the real rules engine with some configuration
 * and loop period, a model of KEDA's Redis list scaler, or a fixed pool. Each run gets a fresh
 * {@link Controller}. Immutable.
 */
public sealed interface Policy permits Policy.Engine, Policy.Keda, Policy.Fixed {

    /** The name in tables and JSON. */
    String name();

    /** How scale-down picks its victims. */
    Removal removal();

    /** A fresh controller (its own state) for one run. */
    Controller start();

    /** How scale-down picks the workers that leave. */
    enum Removal {
        /** qscale: the manager's own order (io.qscale.rules.scaledown.ScaleDownOrder): starting instances, idle workers, then busy ones with the oldest task first. */
        DRAIN_IDLE_FIRST,
        /** Kubernetes' ReplicaSet: pods not ready first, then the newest, busy or not (a busy one finishes its task in its grace time). */
        NEWEST_FIRST
    }

    /** One run's decision maker. Not thread-safe. */
    interface Controller {
        /** Time between decisions. */
        Duration period();

        /** The pool's size before the trace starts (its steady state with no traffic). */
        int initial();

        /** The target for the pool, from a snapshot taken now (the scaler's count in it). */
        Decided decide(MetricsSnapshot snapshot, Instant now);
    }

    /**
     * A decision: the target and why.
     *
     * @param target workers wanted
     * @param reason one line for people
     */
    record Decided(int target, String reason) {
    }

    /** The period of qscale's manager loop. */
    Duration QSCALE_TICK = Duration.ofSeconds(1);
    /** The HPA's default sync period. */
    Duration HPA_SYNC = Duration.ofSeconds(15);
    /** The seed's loop. */
    Duration SEED_TICK = Duration.ofSeconds(10);

    /** qscale's default rules on its 1 s loop. */
    static Policy qscale(String name, ScalingConfig config) {
        return new Engine(name, config, QSCALE_TICK, Removal.DRAIN_IDLE_FIRST);
    }

    /** The seed's thresholds (the classic rules at their defaults) on its 10 s loop. */
    static Policy seed(int maxWorkers) {
        return new Engine("seed", ScalingConfig.thresholdsProfile().withBounds(1, maxWorkers).withPolicies(List.of(PolicyKind.THRESHOLDS)),
                SEED_TICK, Removal.DRAIN_IDLE_FIRST);
    }

    /**
     * The HPA at its defaults on queue length per pod as an external AverageValue metric of 5:
     * tolerance 0.1, scale-up 4 pods or 100 % per 15 s, scale-down window 300 s, 15 s sync,
     * minReplicas 1 (qscale's target-tracking policy is the conformance-tested port of it).
     */
    static Policy hpa(int maxWorkers) {
        return new Engine("hpa", hpaConfig(maxWorkers), HPA_SYNC, Removal.NEWEST_FIRST);
    }

    private static ScalingConfig hpaConfig(int maxWorkers) {
        return ScalingConfig.thresholdsProfile().withBounds(1, maxWorkers).withPolicies(List.of(PolicyKind.TARGET_TRACKING))
                .withTargetTracking(TargetTrackingConfig.kedaDefaults());
    }

    /** KEDA's Redis list scaler at its defaults (listLength 5, pollingInterval 30 s, cooldownPeriod 300 s, min 0) with the HPA behind it. */
    static Policy keda(int maxWorkers) {
        return new Keda("keda", maxWorkers, Duration.ofSeconds(30), Duration.ofSeconds(300));
    }

    /**
     * The rules engine with a configuration, deciding every {@code period}.
     *
     * @param name its name in the results
     * @param config the rules
     * @param period the loop
     * @param removal how its scaler removes workers
     */
    record Engine(String name, ScalingConfig config, Duration period, Removal removal) implements Policy {
        public Engine {
            Require.nonBlank("name", name);
            Require.nonNull("config", config);
            Require.positive("period", period);
            Require.nonNull("removal", removal);
        }

        @Override
        public Controller start() {
            ScalingEngine engine = new ScalingEngine(config);
            return new Controller() {
                private ScalingState state = ScalingState.initial();

                @Override
                public Duration period() {
                    return period;
                }

                @Override
                public int initial() {
                    return config.minWorkers();
                }

                @Override
                public Decided decide(MetricsSnapshot snapshot, Instant now) {
                    Evaluation evaluation = engine.decide(snapshot, state, now);
                    state = evaluation.state();
                    ScaleDecision decision = evaluation.decision();
                    return new Decided(decision.target(), decision.reason());
                }
            };
        }
    }

    /**
     * KEDA: every polling interval it checks whether the list has items (active); from 0 it
     * scales to 1 when active; after cooldown without activity it scales to 0; in between the
     * HPA (15 s sync, queue length per pod target 5) decides, with at least 1.
     *
     * @param name its name in the results
     * @param maxWorkers maxReplicaCount
     * @param pollingInterval KEDA's polling interval
     * @param cooldown KEDA's cooldownPeriod
     */
    record Keda(String name, int maxWorkers, Duration pollingInterval, Duration cooldown) implements Policy {
        public Keda {
            Require.nonBlank("name", name);
            Require.atLeast("maxWorkers", maxWorkers, 1);
            Require.positive("pollingInterval", pollingInterval);
            Require.positive("cooldown", cooldown);
        }

        @Override
        public Removal removal() {
            return Removal.NEWEST_FIRST;
        }

        @Override
        public Controller start() {
            ScalingEngine hpa = new ScalingEngine(hpaConfig(maxWorkers));
            return new Controller() {
                private ScalingState state = ScalingState.initial();
                private Instant lastActive = Instant.MIN;
                private Instant nextPoll = Instant.MIN;
                private Instant nextSync = Instant.MIN;
                private int replicas;

                @Override
                public Duration period() {
                    return gcd(Duration.ofSeconds(15), pollingInterval); // every HPA sync and every poll
                }

                @Override
                public int initial() {
                    return 0;
                }

                @Override
                public Decided decide(MetricsSnapshot snapshot, Instant now) {
                    replicas = snapshot.pool().size();
                    if (!now.isBefore(nextPoll)) {
                        nextPoll = now.plus(pollingInterval);
                        boolean active = snapshot.queueLength() > 0;
                        if (active) {
                            lastActive = now;
                        }
                        if (replicas == 0 && active) {
                            return new Decided(1, "keda: list has " + snapshot.queueLength() + " items: activate 0 → 1");
                        }
                        if (replicas > 0 && !active && !lastActive.equals(Instant.MIN)
                                && !now.isBefore(lastActive.plus(cooldown))) {
                            state = ScalingState.initial();
                            return new Decided(0, "keda: inactive for the cooldown period: " + replicas + " → 0");
                        }
                    }
                    if (replicas > 0 && !now.isBefore(nextSync)) {
                        nextSync = now.plus(Duration.ofSeconds(15));
                        Evaluation evaluation = hpa.decide(snapshot, state, now);
                        state = evaluation.state();
                        return new Decided(evaluation.decision().target(), "hpa: " + evaluation.decision().reason());
                    }
                    return new Decided(replicas, "keda: hold at " + replicas);
                }
            };
        }

        private static Duration gcd(Duration a, Duration b) {
            long x = a.toMillis();
            long y = b.toMillis();
            while (y != 0) {
                long t = x % y;
                x = y;
                y = t;
            }
            return Duration.ofMillis(x);
        }
    }

    /**
     * A pool of fixed size: what over- or under-provisioning costs without autoscaling.
     *
     * @param workers its size
     */
    record Fixed(int workers) implements Policy {
        public Fixed {
            Require.that(workers >= 0 && workers <= 10_000, "workers", "must be from 0 to 10000", workers);
        }

        @Override
        public String name() {
            return "fixed:" + workers;
        }

        @Override
        public Removal removal() {
            return Removal.DRAIN_IDLE_FIRST;
        }

        @Override
        public Controller start() {
            return new Controller() {
                @Override
                public Duration period() {
                    return Duration.ofSeconds(60);
                }

                @Override
                public int initial() {
                    return workers;
                }

                @Override
                public Decided decide(MetricsSnapshot snapshot, Instant now) {
                    return new Decided(workers, "fixed at " + workers);
                }
            };
        }
    }
}
