package io.qscale.cli.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.qscale.cli.dashboard.History;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.manager.DecisionLog;
import io.qscale.manager.RecordedDecision;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Samples a pool once a second for the API and the Prometheus endpoint: the latest snapshot, an
 * hour of history, gauges for every snapshot field, and counters of the decisions recorded
 * (by direction and outcome) and of scaler failures. Listeners (the event stream) hear every
 * new snapshot and decision. Thread-safe.
 */
public final class PoolObserver implements AutoCloseable {

    private final MetricsCollector metrics;
    private final DecisionLog decisions;
    private final MeterRegistry registry;
    private final String queue;
    private final AtomicReference<MetricsSnapshot> latest = new AtomicReference<>();
    private final History history = new History(3600);
    private final List<Consumer<Object>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "qscale-api-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private Instant lastDecision = Instant.EPOCH;
    private int lastTarget = -1;

    public PoolObserver(MetricsCollector metrics, DecisionLog decisions, MeterRegistry registry, String queue) {
        this.metrics = metrics;
        this.decisions = decisions;
        this.registry = registry;
        this.queue = queue;
        Tags tags = Tags.of("queue", queue);
        gauge("qscale_queue_length", "Tasks waiting to be claimed", tags, s -> s.queueLength());
        gauge("qscale_tasks_in_flight", "Tasks claimed and not finished", tags, s -> s.inFlight());
        gauge("qscale_queue_latency_seconds", "How long the oldest waiting task has waited", tags,
                s -> s.oldestTaskAge().toMillis() / 1000.0);
        gauge("qscale_workers_active", "Workers alive by heartbeat", tags, s -> s.activeWorkers());
        gauge("qscale_workers_busy", "Alive workers holding a task", tags, s -> s.busyWorkers());
        gauge("qscale_workers_draining", "Workers asked to drain", tags, s -> s.drainingWorkers());
        gauge("qscale_workers_registered", "Workers in the registry", tags, s -> s.registeredWorkers());
        gauge("qscale_scaler_instances", "Instances the scaler reports running (-1 unknown)", tags, s -> s.scalerInstances());
        gauge("qscale_utilization_ratio", "Busy over active workers", tags, MetricsSnapshot::utilization);
        gauge("qscale_arrival_rate", "Tasks enqueued per second", tags, MetricsSnapshot::arrivalRate);
        gauge("qscale_completion_rate", "Tasks completed per second", tags, MetricsSnapshot::completionRate);
        gauge("qscale_failure_rate", "Failed attempts per second", tags, MetricsSnapshot::failureRate);
        gauge("qscale_processing_time_avg_seconds", "Mean processing time over the statistics window", tags,
                s -> s.avgProcessingTime().toMillis() / 1000.0);
        gauge("qscale_processing_time_p95_seconds", "95th percentile of the processing time", tags,
                s -> s.p95ProcessingTime().toMillis() / 1000.0);
        gauge("qscale_success_ratio", "Completed over finished attempts", tags, MetricsSnapshot::successRate);
        gauge("qscale_dead_letters", "Tasks in the dead-letter list", tags, s -> s.deadLetters());
        gauge("qscale_host_cpu_load_ratio", "Host CPU load", tags, s -> s.host().cpuLoad());
        gauge("qscale_host_memory_used_bytes", "Host memory in use", tags, s -> s.host().memoryUsedBytes());
    }

    private void gauge(String name, String help, Tags tags, ToDoubleFunction<MetricsSnapshot> value) {
        Gauge.builder(name, latest, ref -> ref.get() == null ? Double.NaN : value.applyAsDouble(ref.get()))
                .description(help).tags(tags).register(registry);
    }

    public void start() {
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** One sample (the timer calls it every second; tests may call it directly). */
    public synchronized void sample() {
        try {
            MetricsSnapshot snapshot = metrics.snapshot();
            latest.set(snapshot);
            List<RecordedDecision> fresh = new ArrayList<>();
            for (RecordedDecision decision : decisions.recent(20)) {
                if (!decision.decision().at().isAfter(lastDecision)) {
                    break;
                }
                fresh.add(0, decision);
            }
            for (RecordedDecision decision : fresh) {
                lastDecision = decision.decision().at();
                Counter.builder("qscale_decisions").description("Decisions recorded, by direction and outcome")
                        .tags("queue", queue, "direction", decision.decision().action().name().toLowerCase(Locale.ROOT),
                                "outcome", decision.outcome().name().toLowerCase(Locale.ROOT))
                        .register(registry).increment();
                if (decision.outcome() == RecordedDecision.Outcome.FAILED) {
                    Counter.builder("qscale_scaler_errors").description("Decisions the scaler failed to apply")
                            .tags("queue", queue).register(registry).increment();
                }
                lastTarget = decision.decision().target();
                listeners.forEach(listener -> listener.accept(decision));
            }
            // The target is the latest decision's; before any, the pool as it is.
            history.add(new History.Point(snapshot.takenAt(), snapshot.queueLength(), snapshot.activeWorkers(),
                    lastTarget >= 0 ? lastTarget : snapshot.activeWorkers(), snapshot.busyWorkers()));
            listeners.forEach(listener -> listener.accept(snapshot));
        } catch (RuntimeException e) {
            latest.set(null);
        }
    }

    public MetricsSnapshot latest() {
        return latest.get();
    }

    public synchronized List<History.Point> history(Instant since) {
        return history.points().stream().filter(point -> !point.at().isBefore(since)).toList();
    }

    public void listen(Consumer<Object> listener) {
        listeners.add(listener);
    }

    public void unlisten(Consumer<Object> listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
