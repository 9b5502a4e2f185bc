package io.qscale.manager.runtime;

import io.qscale.core.control.DecisionLog;
import io.qscale.core.control.ManagerModes;
import io.qscale.core.control.RecordedDecision;
import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.metrics.OshiHostMetrics;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.core.protocol.LeaderLease;
import io.qscale.manager.Manager;
import io.qscale.manager.RedisManagerStore;
import io.qscale.manager.ManagerSettings;
import io.qscale.manager.scaler.Scaler;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.validation.Require;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.policy.ScalingEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * One queue, wired once per process: one Redis session, one collector that samples the queue and
 * the host once per tick, the manager when this process runs one, and an in-process stream of
 * {@link PoolEvent}s that every local consumer subscribes to (the terminal dashboard, the HTTP
 * API and its event stream, the Prometheus gauges). Local consumers never take snapshots of their
 * own; only other processes read Redis. With a manager, the manager's tick is the sample (its
 * snapshot carries the scaler's count); without one, the pool samples on its own and follows the
 * leader's decisions from the decision stream. Thread-safe; ticks are serialized.
 */
public final class Pool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pool.class);
    /** Decisions read back from the stream per tick when another process leads. */
    private static final int DECISIONS_PER_POLL = 20;

    private final RedisEndpoint endpoint;
    private final QueueKeys keys;
    private final ProtocolSettings protocol;
    private final RedisSession redis;
    private final TaskQueue tasks;
    private final WorkerRegistry registry;
    private final DecisionLog decisions;
    private final ManagerModes modes;
    private final MetricsCollector collector;
    private final Manager manager;
    private final Scaler scaler;
    private final ScalingConfig config;
    private final Duration tickEvery;
    private final List<Consumer<PoolEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicReference<MetricsSnapshot> latest = new AtomicReference<>();
    /** When (this process's clock) the latest snapshot arrived: readers between ticks age it by as much. */
    private volatile Instant latestAt = Instant.MIN;
    private final Clock clock;
    private final AtomicReference<RecordedDecision> latestDecision = new AtomicReference<>();
    private final ScheduledExecutorService timer;
    private Instant decisionCursor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Pool(Builder builder) {
        this.endpoint = builder.endpoint;
        this.keys = builder.keys;
        this.protocol = builder.protocol;
        this.config = builder.config;
        this.tickEvery = builder.manager != null ? builder.manager.tick() : builder.tick;
        this.clock = builder.clock;
        this.redis = RedisSession.connect(endpoint);
        try {
            this.tasks = new TaskQueue(redis, keys, protocol, builder.clock);
            this.registry = new WorkerRegistry(redis, keys, protocol);
            this.decisions = new DecisionLog(redis, keys, builder.manager != null
                    ? builder.manager.decisionsKept() : ManagerSettings.DEFAULT_DECISIONS_KEPT);
            this.modes = new ManagerModes(redis, keys);
            this.collector = new MetricsCollector(redis, keys, protocol, builder.host.get());
            this.scaler = builder.scaler;
            // The manager works on this pool's own registry, modes and decision stream: one of each per process.
            this.manager = builder.scaler == null ? null : new Manager(new RedisManagerStore(
                    new LeaderLease(redis, keys, builder.manager.managerId(), builder.manager.leaseTime()), registry, modes, decisions),
                    collector, new ScalingEngine(config), builder.scaler, builder.manager, builder.clock);
            // The stream's newest record is shown at once; only later ones are events.
            List<RecordedDecision> newest = safely(() -> decisions.recent(1), List.of());
            newest.stream().findFirst().ifPresent(latestDecision::set);
            this.decisionCursor = newest.isEmpty() ? Instant.EPOCH : newest.get(0).decision().at();
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            // The queue in the logging MDC: JSON logs (--log-format json) carry it on every tick's lines.
            Thread thread = new Thread(() -> {
                MDC.put("queue", keys.queueName());
                runnable.run();
            }, "qscale-pool-" + keys.queueName());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A pool of {@code keys} at {@code endpoint}; {@link Builder#open()} connects. */
    public static Builder builder(RedisEndpoint endpoint, QueueKeys keys) {
        return new Builder(endpoint, keys);
    }

    /** Ticks every tick interval until closed (the manager's tick when one runs here). */
    public Pool start() {
        if (manager != null) {
            LOG.info("manager {} for queue {}: scaler {}, mode {}, tick {}", manager.id(), keys.queueName(), scaler.name(),
                    manager.mode(), tickEvery);
        }
        timer.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warn("tick failed: {}", e.toString());
            }
        }, 0, tickEvery.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * One tick: the manager's (collect, decide, act, record) or a plain sample, then the events:
     * the decisions recorded since the last tick, then the snapshot.
     * {@link #start()} calls it on a timer; the demo and tests call it directly.
     */
    public synchronized void tick() {
        MetricsSnapshot snapshot;
        RecordedDecision own = null;
        String failure = null;
        if (manager != null) {
            Manager.Tick tick = manager.tick();
            snapshot = tick.snapshot().orElse(null);
            own = tick.decision().leader() ? tick.decision() : null;
            failure = snapshot == null ? "no snapshot: Redis at " + endpoint + " does not answer" : null;
        } else {
            try {
                snapshot = collector.snapshot();
            } catch (RuntimeException e) {
                snapshot = null;
                failure = "no snapshot: " + e.getMessage();
            }
        }
        List<RecordedDecision> fresh = new ArrayList<>();
        if (own != null) {
            fresh.add(own);
        } else {
            // Another process leads (or none): follow its decisions, oldest first.
            for (RecordedDecision recorded : safely(() -> decisions.recent(DECISIONS_PER_POLL), List.<RecordedDecision>of())) {
                if (!recorded.decision().at().isAfter(decisionCursor)) {
                    break;
                }
                fresh.add(0, recorded);
            }
        }
        // Decisions first: a subscriber that draws the sample can show the target decided on it.
        for (RecordedDecision recorded : fresh) {
            decisionCursor = recorded.decision().at();
            latestDecision.set(recorded);
            publish(new PoolEvent.Decided(recorded));
        }
        latest.set(snapshot);
        latestAt = clock.instant();
        publish(snapshot != null ? new PoolEvent.Sampled(snapshot) : new PoolEvent.Unavailable(failure));
    }

    private void publish(PoolEvent event) {
        for (Consumer<PoolEvent> subscriber : subscribers) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("a pool subscriber failed: {}", e.toString());
            }
        }
    }

    /** Hears every event from the next tick on; returns what unsubscribes it. */
    public Subscription subscribe(Consumer<PoolEvent> subscriber) {
        subscribers.add(Require.nonNull("subscriber", subscriber));
        return () -> subscribers.remove(subscriber);
    }

    /** The last tick's snapshot; empty before the first tick or when it failed. */
    public Optional<MetricsSnapshot> latest() {
        return Optional.ofNullable(latest.get());
    }

    /**
     * How long ago the latest snapshot was taken, by this process's clock (the snapshot's own
     * time is the Redis server's): up to a tick for a reader between ticks.
     */
    public Duration latestAge() {
        Instant at = latestAt;
        return at.equals(Instant.MIN) ? Duration.ZERO : Duration.between(at, clock.instant());
    }

    /** The newest decision recorded for this queue, by this process or the leader. */
    public Optional<RecordedDecision> latestDecision() {
        return Optional.ofNullable(latestDecision.get());
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    public QueueKeys keys() {
        return keys;
    }

    public ProtocolSettings protocol() {
        return protocol;
    }

    /** The one Redis session of this process, for reads and writes other than snapshots. */
    public RedisSession redis() {
        return redis;
    }

    public TaskQueue tasks() {
        return tasks;
    }

    public WorkerRegistry registry() {
        return registry;
    }

    public DecisionLog decisions() {
        return decisions;
    }

    public ManagerModes modes() {
        return modes;
    }

    /** The rules in force here: the manager's, or (no manager) the ones this process was given. */
    public ScalingConfig config() {
        return config;
    }

    /** The manager, when this process runs one. */
    public Optional<Manager> manager() {
        return Optional.ofNullable(manager);
    }

    /** The scaler's name, or "none" without a manager here. */
    public String scalerName() {
        return scaler == null ? "none" : scaler.name();
    }

    /** Stops ticking, the manager (giving up its lease) and the scaler, then the Redis session. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (manager != null) {
            manager.close();
        }
        if (scaler != null) {
            scaler.close();
        }
        redis.close();
    }

    private static <T> T safely(Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** How a pool is wired. Not thread-safe; {@link #open()} once. */
    public static final class Builder {
        private final RedisEndpoint endpoint;
        private final QueueKeys keys;
        private ProtocolSettings protocol = ProtocolSettings.defaults();
        private Supplier<HostMetrics> host = OshiHostMetrics::new;
        private Clock clock = Clock.systemUTC();
        private Duration tick = ManagerSettings.DEFAULT_TICK;
        private ScalingConfig config = ScalingConfig.defaultProfile();
        private Scaler scaler;
        private ManagerSettings manager;

        private Builder(RedisEndpoint endpoint, QueueKeys keys) {
            this.endpoint = Require.nonNull("endpoint", endpoint);
            this.keys = Require.nonNull("keys", keys);
        }

        public Builder protocol(ProtocolSettings settings) {
            this.protocol = Require.nonNull("protocol", settings);
            return this;
        }

        /** Where host CPU and memory come from (default: OSHI); {@link HostMetrics#NONE} for none. */
        public Builder hostMetrics(HostMetrics source) {
            Require.nonNull("hostMetrics", source);
            this.host = () -> source;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Require.nonNull("clock", value);
            return this;
        }

        /** How often a pool without a manager samples (default 1 s). */
        public Builder tick(Duration every) {
            this.tick = Require.positive("tick", every);
            return this;
        }

        /** The rules shown by the API when no manager runs here. */
        public Builder config(ScalingConfig value) {
            this.config = Require.nonNull("config", value);
            return this;
        }

        /** Runs a manager here with these rules and settings; the pool owns {@code scaler} and closes it. */
        public Builder manager(ScalingConfig rules, Scaler scalerToUse, ManagerSettings settings) {
            this.config = Require.nonNull("rules", rules);
            this.scaler = Require.nonNull("scaler", scalerToUse);
            this.manager = Require.nonNull("settings", settings);
            return this;
        }

        /** Connects; fails with {@link io.qscale.core.redis.RedisUnavailableException} when Redis does not answer. */
        public Pool open() {
            return new Pool(this);
        }
    }
}
