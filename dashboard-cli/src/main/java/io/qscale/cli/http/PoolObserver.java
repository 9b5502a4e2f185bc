package io.qscale.cli.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.qscale.cli.dashboard.History;
import io.qscale.core.control.RecordedDecision;
import io.qscale.manager.runtime.Pool;
import io.qscale.manager.runtime.PoolEvent;
import io.qscale.manager.runtime.Subscription;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * What the API keeps of a pool's stream: gauges for every snapshot field (NaN while no snapshot
 * is at hand), counters of the decisions recorded (by direction and outcome) and of scaler
 * failures, and an hour of history. Pushed to by the pool (a subscriber); it never samples.
 * Thread-safe.
 */
public final class PoolObserver implements AutoCloseable {

    private final MeterRegistry registry;
    private final String queue;
    private final AtomicReference<MetricsSnapshot> latest = new AtomicReference<>();
    private final History history = new History(3600);
    private final Subscription subscription;
    private final Counter scalerErrors;
    private final AtomicReference<Double> lastDecisionAt = new AtomicReference<>(0.0);
    private final AtomicReference<Double> lastSnapshotAt = new AtomicReference<>(0.0);
    private int lastTarget = -1;

    public PoolObserver(Pool pool, MeterRegistry registry) {
        this.registry = registry;
        this.queue = pool.keys().queueName();
        Tags tags = Tags.of("queue", queue);
        gauge("qscale_queue_length", "Tasks waiting to be claimed", tags, s -> s.queueLength());
        gauge("qscale_tasks_in_flight", "Tasks claimed and not finished", tags, s -> s.inFlight());
        gauge("qscale_queue_latency_seconds", "How long the oldest waiting task has waited", tags,
                s -> s.oldestTaskAge().toMillis() / 1000.0);
        gauge("qscale_workers_active", "Workers alive by heartbeat", tags, s -> s.activeWorkers());
        gauge("qscale_workers_busy", "Alive workers holding a task", tags, s -> s.busyWorkers());
        gauge("qscale_slots", "Task slots of the alive workers (their concurrency summed)", tags, s -> s.taskSlots());
        gauge("qscale_slots_busy", "Slots running a task", tags, s -> s.busyTaskSlots());
        gauge("qscale_workers_draining", "Workers asked to drain", tags, s -> s.drainingWorkers());
        gauge("qscale_workers_registered", "Workers in the registry", tags, s -> s.registeredWorkers());
        gauge("qscale_scaler_instances", "Instances the scaler reports running (-1 unknown: no manager in this process)", tags,
                s -> s.scalerInstances());
        gauge("qscale_utilization_ratio", "Busy slots over slots", tags, MetricsSnapshot::utilization);
        gauge("qscale_arrival_rate", "Tasks enqueued per second", tags, MetricsSnapshot::arrivalRate);
        gauge("qscale_completion_rate", "Tasks completed per second", tags, MetricsSnapshot::completionRate);
        gauge("qscale_failure_rate", "Failed attempts per second", tags, MetricsSnapshot::failureRate);
        gauge("qscale_processing_time_avg_seconds", "Mean processing time over the statistics window", tags,
                s -> s.avgProcessingTime().toMillis() / 1000.0);
        gauge("qscale_processing_time_p95_seconds", "95th percentile of the processing time", tags,
                s -> s.p95ProcessingTime().toMillis() / 1000.0);
        gauge("qscale_success_ratio", "Completed over finished attempts", tags, MetricsSnapshot::successRate);
        gauge("qscale_dead_letters", "Tasks in the dead-letter list", tags, s -> s.deadLetters());
        gauge("qscale_eta_to_drain_seconds", "Time to claim every waiting task at the pool's size (NaN unknown)", tags,
                s -> s.etaToDrain().map(eta -> eta.toMillis() / 1000.0).orElse(Double.NaN));
        gauge("qscale_host_cpu_load_ratio", "CPU load of the host this process runs on", tags, s -> s.host().cpuLoad());
        gauge("qscale_host_memory_used_bytes", "Memory in use on the host this process runs on", tags,
                s -> s.host().memoryUsedBytes());
        gauge("qscale_pool_cpu_mean_ratio", "The workers' own CPU per slot, mean over those reporting (NaN unknown)", tags,
                s -> s.poolCpu().known() ? s.poolCpu().mean() : Double.NaN);
        gauge("qscale_pool_cpu_max_ratio", "The busiest worker's CPU per slot (NaN unknown)", tags,
                s -> s.poolCpu().known() ? s.poolCpu().max() : Double.NaN);
        // Registered at 0 from the start: increase() over the first failure needs the zero before it.
        this.scalerErrors = Counter.builder("qscale_scaler_errors").description("Decisions the scaler failed to apply")
                .tags(tags).register(registry);
        // For alerts on silence: a leader decides every tick, a pool samples every tick.
        Gauge.builder("qscale_last_decision_timestamp_seconds", lastDecisionAt, AtomicReference::get)
                .description("When the newest decision of this queue was made (seconds since the epoch; 0 none yet)")
                .tags(tags).register(registry);
        Gauge.builder("qscale_last_snapshot_timestamp_seconds", lastSnapshotAt, AtomicReference::get)
                .description("When the newest snapshot of this queue was taken (seconds since the epoch; 0 none yet)")
                .tags(tags).register(registry);
        this.subscription = pool.subscribe(this::hear);
    }

    private void gauge(String name, String help, Tags tags, ToDoubleFunction<MetricsSnapshot> value) {
        Gauge.builder(name, latest, ref -> ref.get() == null ? Double.NaN : value.applyAsDouble(ref.get()))
                .description(help).tags(tags).register(registry);
    }

    private synchronized void hear(PoolEvent event) {
        if (event instanceof PoolEvent.Sampled sampled) {
            MetricsSnapshot snapshot = sampled.snapshot();
            latest.set(snapshot);
            lastSnapshotAt.set(snapshot.takenAt().toEpochMilli() / 1000.0);
            // The target is the latest decision's; before any, the pool as it is.
            history.add(new History.Point(snapshot.takenAt(), snapshot.queueLength(), snapshot.activeWorkers(),
                    lastTarget >= 0 ? lastTarget : snapshot.activeWorkers(), snapshot.busyWorkers()));
        } else if (event instanceof PoolEvent.Decided decided) {
            RecordedDecision decision = decided.decision();
            Counter.builder("qscale_decisions").description("Decisions recorded, by direction and outcome")
                    .tags("queue", queue, "direction", decision.decision().action().name().toLowerCase(Locale.ROOT),
                            "outcome", decision.outcome().name().toLowerCase(Locale.ROOT))
                    .register(registry).increment();
            if (decision.outcome() == RecordedDecision.Outcome.FAILED) {
                scalerErrors.increment();
            }
            lastTarget = decision.decision().target();
            lastDecisionAt.set(decision.decision().at().toEpochMilli() / 1000.0);
        } else {
            latest.set(null);
        }
    }

    public synchronized List<History.Point> history(Instant since) {
        return history.points().stream().filter(point -> !point.at().isBefore(since)).toList();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
