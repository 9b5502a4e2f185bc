package io.qscale.manager;

import io.qscale.core.control.RecordedDecision;
import io.qscale.core.control.DecisionLog;
import io.qscale.core.control.ManagerModes;
import io.qscale.core.control.ManagerMode;
import io.qscale.core.protocol.LeaderLease;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.WorkerInfo;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.protocol.WorkerState;
import io.qscale.core.redis.RedisSession;
import io.qscale.core.control.RecordedDecision.Outcome;
import io.qscale.manager.scaler.Scaler;
import io.qscale.manager.scaler.ScalerException;
import io.qscale.manager.scaler.ScalerInstance;
import io.qscale.rules.format.Human;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.metrics.MetricsSource;
import io.qscale.rules.policy.Evaluation;
import io.qscale.rules.policy.ScaleAction;
import io.qscale.rules.policy.ScaleDecision;
import io.qscale.rules.policy.ScalingEngine;
import io.qscale.rules.policy.ScalingState;
import io.qscale.rules.scaledown.ScaleDownOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The autoscaling loop of one queue: each tick it renews the leader lease, recovers dead
 * workers' tasks, finishes drains, takes a snapshot, decides with the rules engine, and (leader
 * only) acts through the {@link Scaler} and records the decision. Scale-down is drain-first, in
 * the one order of {@link ScaleDownOrder} (instances not serving yet, idle workers, then busy ones
 * with the oldest task first): victims are asked to drain and are stopped only once they have
 * left (or their drain grace ran out). A scaler failure marks the decision FAILED with
 * the cause and is retried with backoff; the loop never exits for it. {@link #tick()} is one
 * iteration (thread-safe, serialized); the {@link io.qscale.manager.runtime.Pool} runtime runs
 * it on a timer and fans its snapshot and decision out.
 */
public final class Manager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Manager.class);

    private final ManagerStore store;
    private final MetricsSource metrics;
    private final ScalingEngine engine;
    private final Scaler scaler;
    private final ManagerSettings settings;
    private final Clock clock;
    private final DrainTracker drains = new DrainTracker();
    private final WorkerStarts starts = new WorkerStarts();
    /** Restarts after crashes: reset only once a started worker registers, so a crash loop slows down. */
    private final Backoff crashBackoff;
    private ScalingState state = ScalingState.initial();
    private Instant retryAt = Instant.MIN;
    private final Backoff backoff;
    private String lastFailure = "";
    private ScaleAction lastLoggedAction;
    private boolean wasLeader;

    /** A manager on {@code store} (the pool's shared state), deciding with {@code engine}, acting through {@code scaler}. */
    public Manager(ManagerStore store, MetricsSource metrics, ScalingEngine engine, Scaler scaler, ManagerSettings settings,
            Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.engine = engine;
        this.scaler = scaler;
        this.settings = settings;
        this.clock = clock;
        this.backoff = new Backoff(Duration.ofSeconds(1), settings.maxBackoff());
        this.crashBackoff = new Backoff(CRASH_BACKOFF_FIRST, settings.maxBackoff());
    }

    /** A manager on the queue's state in Redis (the protocol's lease, registry, modes and decision stream). */
    public Manager(RedisSession redis, QueueKeys keys, MetricsSource metrics, WorkerRegistry registry, ScalingEngine engine,
            Scaler scaler, ManagerSettings settings, Clock clock) {
        this(new RedisManagerStore(new LeaderLease(redis, keys, settings.managerId(), settings.leaseTime()), registry,
                new ManagerModes(redis, keys), new DecisionLog(redis, keys, settings.decisionsKept())), metrics, engine, scaler,
                settings, clock);
    }

    /** The first wait before starting workers again after one crashed (then doubling, capped). */
    static final Duration CRASH_BACKOFF_FIRST = Duration.ofSeconds(2);

    /** The mode in force: the one stored for every manager, else this manager's own. */
    public ManagerMode mode() {
        try {
            return store.storedMode().orElse(settings.mode());
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring the stored mode: {}", e.getMessage());
            return settings.mode();
        }
    }

    /** Stores a mode for every manager of this queue (takes effect on their next tick). */
    public void setMode(ManagerMode mode) {
        store.setMode(mode);
    }

    /** The newest {@code limit} decisions recorded for this queue, newest first. */
    public List<RecordedDecision> recentDecisions(int limit) {
        return store.recentDecisions(limit);
    }

    /**
     * What one tick saw and decided: the snapshot (with the scaler's count, when this manager
     * leads) and the decision as recorded. Immutable.
     */
    public record Tick(Optional<MetricsSnapshot> snapshot, RecordedDecision decision) {
    }

    /** What a tick saw of the pool before deciding: the scaler's instances and what went wrong with them. */
    private record Observed(List<ScalerInstance> instances, String scalerError, String crash, List<String> stopped) {
    }

    /** What acting on a decision did. */
    private record Acted(Outcome outcome, String detail, List<String> started, List<String> draining, List<String> stopped) {
    }

    /** One iteration: observe (lease, recovery, drains, instances, snapshot), decide, act, record. */
    public synchronized Tick tick() {
        Instant now = clock.instant();
        boolean leader = lead();
        safely(store::recoverDeadWorkers, null, "recovery");
        ManagerMode mode = safely(this::mode, settings.mode(), "mode");
        Observed observed = leader ? observe(now) : new Observed(null, null, null, List.of());
        MetricsSnapshot snapshot = safely(metrics::snapshot, null, "metrics");
        if (snapshot != null && observed.instances() != null) {
            snapshot = withPool(snapshot, observed.instances().size() - drains.size(), now);
        }

        // Manual mode is the rules engine's too: it bounds the target and keeps auto's view inside.
        Evaluation evaluation = engine.decide(snapshot, state, now,
                mode.kind() == ManagerMode.Kind.MANUAL ? mode.workers() : OptionalInt.empty());

        Acted acted = act(leader, mode, evaluation, observed, now);
        if (snapshot != null && observed.instances() != null && acted.outcome() == Outcome.APPLIED) {
            // What the pool is now, for everyone who shows it (the ETA counts the workers on their way).
            snapshot = withPool(snapshot, observed.instances().size() + acted.started().size()
                    - (acted.stopped().size() - observed.stopped().size()) - drains.size(), now);
        }
        return new Tick(Optional.ofNullable(snapshot), record(leader, mode, evaluation.decision(), acted));
    }

    private boolean lead() {
        boolean leader = safely(store::acquireOrRenewLease, false, "leader lease");
        if (leader != wasLeader) {
            LOG.info("manager {} {}", settings.managerId(), leader ? "now leads and acts" : "stands by");
            wasLeader = leader;
        }
        return leader;
    }

    /** The leader's look at its instances: drained workers that left are stopped; starts are followed. */
    private Observed observe(Instant now) {
        List<String> stopped = new ArrayList<>();
        try {
            Set<String> drainingBefore = drains.ids();
            List<ScalerInstance> listed = scaler.instances();
            stopped.addAll(finishDrains(listed, now));
            // Workers stopped just now are gone: the decision must not count them.
            List<ScalerInstance> instances = listed.stream().filter(instance -> !stopped.contains(instance.workerId())).toList();
            starts.forget(stopped);
            String crash = crashed(starts.observe(instances, id -> safely(() -> store.isRegistered(id), false, "registration"),
                    scaler.exits(), drainingBefore, now, settings.startTimeout()), now);
            return new Observed(instances, null, crash, stopped);
        } catch (ScalerException | RuntimeException e) {
            return new Observed(null, scaler.name() + " scaler: " + message(e), null, stopped);
        }
    }

    private MetricsSnapshot withPool(MetricsSnapshot snapshot, int instances, Instant now) {
        return snapshot.withScaler(Math.max(0, instances), scaler.sharesHost())
                .withStarting(starts.starting(), starts.startupLeft(now), starts.startupTime().orElse(Duration.ZERO));
    }

    /** What becomes of a decision: only the leader acts, not in dry-run, not while backing off. */
    private Acted act(boolean leader, ManagerMode mode, Evaluation evaluation, Observed observed, Instant now) {
        ScaleDecision decision = evaluation.decision();
        List<String> stopped = new ArrayList<>(observed.stopped());
        if (!leader) {
            state = evaluation.state();
            return new Acted(Outcome.STANDBY, safely(() -> store.leader().map(id -> "manager " + id + " leads")
                    .orElse("no leader yet"), "Redis unreachable", "leader lookup"), List.of(), List.of(), stopped);
        }
        if (mode.kind() == ManagerMode.Kind.DRY_RUN) {
            state = evaluation.state();
            return new Acted(Outcome.DRY_RUN, "", List.of(), List.of(), stopped);
        }
        if (observed.crash() != null) {
            // A worker crashed or never came up: say so, and start none again before the back-off.
            return new Acted(Outcome.FAILED, observed.crash(), List.of(), List.of(), stopped);
        }
        if (decision.action() == ScaleAction.HOLD) {
            state = evaluation.state();
            return new Acted(Outcome.NO_CHANGE, "", List.of(), List.of(), stopped);
        }
        if (now.isBefore(retryAt)) {
            return new Acted(Outcome.BACKING_OFF, "retrying in " + Human.duration(Duration.between(now, retryAt)) + " after: "
                    + lastFailure, List.of(), List.of(), stopped);
        }
        if (observed.instances() == null) {
            failed(observed.scalerError(), now);
            return new Acted(Outcome.FAILED, observed.scalerError(), List.of(), List.of(), stopped);
        }
        List<String> started = new ArrayList<>();
        List<String> draining = new ArrayList<>();
        try {
            int stoppedBefore = stopped.size();
            apply(decision, observed.instances(), now, started, draining, stopped);
            starts.forget(stopped.subList(stoppedBefore, stopped.size()));
            state = evaluation.state();
            backoff.reset();
            retryAt = Instant.MIN;
            return new Acted(Outcome.APPLIED, "", started, draining, stopped);
        } catch (ScalerException | RuntimeException e) {
            String detail = scaler.name() + " scaler: " + message(e);
            failed(detail, now);
            return new Acted(Outcome.FAILED, detail, started, draining, stopped);
        }
    }

    /** The decision as recorded: appended (the leader's only) and logged when something changed. */
    private RecordedDecision record(boolean leader, ManagerMode mode, ScaleDecision decision, Acted acted) {
        RecordedDecision recorded = new RecordedDecision(decision, settings.managerId(), leader, mode, acted.outcome(),
                acted.detail(), acted.started(), acted.draining(), acted.stopped());
        if (!leader) {
            return recorded;
        }
        RecordedDecision stored = safely(() -> store.append(recorded), recorded, "decision log");
        log(stored);
        return stored;
    }

    private void apply(ScaleDecision decision, List<ScalerInstance> instances, Instant now, List<String> started,
            List<String> draining, List<String> stopped) throws ScalerException {
        // The decision started from this tick's pool size (the snapshot's, which the scaler's count made).
        int current = decision.current();
        int target = decision.target();
        if (target > current) {
            int needed = target - current;
            // A scale-up during a drain takes the draining workers back before starting new ones.
            for (String workerId : drains.cancelNewest(needed)) {
                store.cancelDrain(workerId);
                needed--;
            }
            if (needed > 0) {
                List<ScalerInstance> fresh = scaler.start(needed);
                starts.started(fresh, now);
                fresh.forEach(instance -> started.add(instance.workerId()));
            }
        } else if (target < current) {
            for (String victim : victims(instances, current - target)) {
                if (store.isRegistered(victim)) {
                    store.requestDrain(victim);
                    drains.start(victim, now.plus(settings.drainGrace()));
                    draining.add(victim);
                } else {
                    // Not heartbeating yet: it holds no task, so it can go at once.
                    scaler.stop(List.of(victim));
                    stopped.add(victim);
                }
            }
        }
    }

    /** Who leaves first: the one scale-down order of the rules ({@link ScaleDownOrder}), which the simulator applies too. */
    private List<String> victims(List<ScalerInstance> instances, int count) {
        Map<String, WorkerInfo> workers = store.workers().stream()
                .collect(Collectors.toMap(WorkerInfo::id, Function.identity(), (a, b) -> a));
        Map<String, Instant> taskStarts = workers.values().stream().anyMatch(w -> w.alive() && w.state() == WorkerState.BUSY)
                ? store.oldestTaskStarts() : Map.of();
        List<ScaleDownOrder.Candidate> candidates = instances.stream().filter(instance -> !drains.contains(instance.workerId()))
                .map(instance -> candidate(instance, workers.get(instance.workerId()), taskStarts)).toList();
        return ScaleDownOrder.victims(candidates, count).stream().map(ScaleDownOrder.Candidate::id).toList();
    }

    private static ScaleDownOrder.Candidate candidate(ScalerInstance instance, WorkerInfo worker, Map<String, Instant> taskStarts) {
        ScaleDownOrder.Stage stage = worker == null || !worker.alive() ? ScaleDownOrder.Stage.STARTING
                : worker.state() == WorkerState.BUSY ? ScaleDownOrder.Stage.BUSY : ScaleDownOrder.Stage.IDLE;
        return new ScaleDownOrder.Candidate(instance.workerId(), stage, instance.startedAt(),
                stage == ScaleDownOrder.Stage.BUSY ? Optional.ofNullable(taskStarts.get(instance.workerId())) : Optional.empty());
    }

    /** Stops drained workers once they have left, or once their grace ran out. */
    private List<String> finishDrains(List<ScalerInstance> instances, Instant now) throws ScalerException {
        Set<String> running = instances.stream().map(ScalerInstance::workerId).collect(Collectors.toSet());
        // Gone from the scaler's list, or (where stop removes exactly this instance) deregistered.
        List<DrainTracker.Ended> ended = drains.ended(id -> !running.contains(id)
                || (scaler.stopsExactInstances() && !store.isRegistered(id)), now);
        List<String> done = new ArrayList<>();
        for (DrainTracker.Ended drain : ended) {
            if (drain.late()) {
                LOG.warn("worker {} did not finish draining within {}; stopping it (its task returns through recovery)",
                        drain.workerId(), Human.duration(settings.drainGrace()));
            }
            scaler.stop(List.of(drain.workerId()));
            drains.forget(drain.workerId());
            done.add(drain.workerId());
        }
        return done;
    }

    /**
     * Turns the problems one tick found with started workers into one line, and holds further
     * starts back: 2 s after the first crash, doubling up to the longest back-off (as Kubernetes'
     * CrashLoopBackOff), until a started worker registers again. Null when nothing went wrong.
     */
    private String crashed(List<WorkerStarts.Problem> problems, Instant now) {
        if (starts.healthySinceLastProblem()) {
            crashBackoff.reset();
        }
        if (problems.isEmpty()) {
            return null;
        }
        Duration wait = crashBackoff.next();
        String line = problems.get(0).line() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")
                + "; next start in " + Human.duration(wait);
        if (now.plus(wait).isAfter(retryAt)) {
            retryAt = now.plus(wait);
        }
        lastFailure = problems.get(0).line();
        return line;
    }

    private void failed(String cause, Instant now) {
        retryAt = now.plus(backoff.next());
        lastFailure = cause;
    }

    private void log(RecordedDecision recorded) {
        ScaleAction action = recorded.decision().action();
        boolean changed = action != ScaleAction.HOLD || lastLoggedAction != ScaleAction.HOLD;
        if (recorded.outcome() == Outcome.FAILED) {
            LOG.warn("{} -> FAILED: {}", recorded.decision().reason(), recorded.detail());
        } else if (recorded.outcome() == Outcome.BACKING_OFF) {
            LOG.debug("{} -> {}", recorded.decision().reason(), recorded.detail());
        } else if (changed || !recorded.stopped().isEmpty()) {
            LOG.info("{} -> {}{}{}", recorded.decision().reason(), recorded.outcome(),
                    recorded.draining().isEmpty() ? "" : "; draining " + recorded.draining(),
                    recorded.stopped().isEmpty() ? "" : "; stopped " + recorded.stopped());
        }
        lastLoggedAction = action;
    }

    private <T> T safely(Supplier<T> step, T fallback, String what) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            LOG.debug("{} failed: {}", what, e.toString());
            return fallback;
        }
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root == e || root.getMessage() == null || text.contains(root.getMessage()) ? text : text + ": " + root.getMessage();
    }

    /** Workers being drained by this manager. */
    public synchronized Set<String> draining() {
        return drains.ids();
    }

    /** This manager's id in the leader lease. */
    public String id() {
        return settings.managerId();
    }

    public Optional<String> leader() {
        return store.leader();
    }

    /** Gives up the lease. The scaler is closed by whoever created it (the {@code Pool}). */
    @Override
    public synchronized void close() {
        safely(() -> {
            store.releaseLease();
            return null;
        }, null, "lease release");
    }
}
