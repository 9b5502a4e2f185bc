package io.qscale.kubernetes.keda;

import io.qscale.manager.runtime.Pool;
import io.qscale.manager.runtime.PoolEvent;
import io.qscale.manager.runtime.Subscription;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.policy.Evaluation;
import io.qscale.rules.policy.ScaleAction;
import io.qscale.rules.policy.ScaleDecision;
import io.qscale.rules.policy.ScalingEngine;
import io.qscale.rules.policy.ScalingState;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * qscale's decision for KEDA: on every sample of a {@link Pool} it runs the rules engine, as a
 * manager would, and keeps the target it decided. KEDA owns the replicas, so the pool size the
 * engine starts from is the last target given to KEDA (at first, the workers heartbeating, at
 * least the minimum): the same view a manager has of the instances it asked its scaler for.
 * Active means work to do or a target above zero. Thread-safe.
 */
public final class PoolTarget implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolTarget.class);

    /** What KEDA is told now. Immutable. */
    public record Answer(int target, boolean active, Optional<ScaleDecision> decision) {
    }

    private final ScalingEngine engine;
    private final ScalingConfig config;
    private final Clock clock;
    private final Subscription subscription;
    private final CopyOnWriteArrayList<Consumer<Answer>> listeners = new CopyOnWriteArrayList<>();
    private ScalingState state = ScalingState.initial();
    private volatile Answer answer;
    private int current = -1;

    public PoolTarget(Pool pool, ScalingConfig config, Clock clock) {
        this.config = config;
        this.engine = new ScalingEngine(config);
        this.clock = clock;
        this.answer = new Answer(config.minWorkers(), config.minWorkers() > 0, Optional.empty());
        this.subscription = pool.subscribe(event -> {
            if (event instanceof PoolEvent.Sampled sampled) {
                decide(sampled.snapshot());
            }
        });
    }

    /** Decides on one snapshot (the pool calls it every tick). */
    synchronized void decide(MetricsSnapshot snapshot) {
        if (current < 0) {
            current = Math.max(config.minWorkers(), Math.min(config.maxWorkers(), snapshot.pool().size()));
        }
        Evaluation evaluation = engine.decide(snapshot.withScaler(current, false), state, clock.instant());
        state = evaluation.state();
        ScaleDecision decision = evaluation.decision();
        if (decision.action() != ScaleAction.HOLD) {
            LOG.info("{}", decision.reason());
        }
        current = decision.target();
        boolean active = current > 0 || snapshot.queueLength() > 0 || snapshot.inFlight() > 0;
        Answer previous = answer;
        answer = new Answer(current, active, Optional.of(decision));
        if (previous.active() != active || previous.target() != current) {
            listeners.forEach(listener -> listener.accept(answer));
        }
    }

    /** The target and activity now. */
    public Answer answer() {
        return answer;
    }

    /** Hears every change of target or activity; returns what unsubscribes it. */
    public Subscription onChange(Consumer<Answer> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** How many change listeners are subscribed (open {@code StreamIsActive} calls). */
    int listeners() {
        return listeners.size();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
