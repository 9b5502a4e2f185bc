package io.qscale.sim;

import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.metrics.StatsWindow;
import io.qscale.rules.scaledown.ScaleDownOrder;
import io.qscale.rules.validation.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import java.util.Arrays;
import java.util.LinkedList;

/**
 * A discrete-event simulation of a queue and its worker pool under a {@link Policy}: tasks arrive
 * as the trace says, idle workers take them at once (else they wait in FIFO order), a worker
 * asked for takes {@link SimulationSettings#startup()} to start taking tasks, and a worker asked
 * to leave leaves at once when idle or after its task when busy. Every period the policy gets
 * the snapshot a live pool would produce (the same {@link StatsWindow} of 5-second buckets, the
 * scaler's count), as old as {@link SimulationSettings#staleness()} says, and its target is
 * applied. Deterministic for a seed. Not thread-safe; one run
 * per call.
 */
public final class Simulator {

    /** The simulated clock's origin: a fixed instant, so that runs are reproducible. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration BUCKET = Duration.ofSeconds(5);
    static final Duration STATS_WINDOW = Duration.ofMinutes(5);
    static final Duration RATE_WINDOW = Duration.ofSeconds(30);

    private Simulator() {
    }

    /** Runs {@code trace} through {@code policy}; {@code progress} hears the fraction done (0 to 1) now and then. */
    public static SimulationResult run(Trace trace, Policy policy, SimulationSettings settings, DoubleConsumer progress) {
        Require.nonNull("trace", trace);
        Require.nonNull("policy", policy);
        Require.nonNull("settings", settings);
        return new Run(trace, policy, settings, progress == null ? f -> { } : progress).go();
    }

    private static final class Task {
        final long arrivedAt;
        final long serviceMs;
        long startedAt = -1;

        Task(long arrivedAt, long serviceMs) {
            this.arrivedAt = arrivedAt;
            this.serviceMs = serviceMs;
        }
    }

    private static final class Worker {
        final String id;
        final long requestedAt;
        long readyAt;
        boolean ready;
        boolean leaving;
        boolean gone;
        Task task;
        long doneAt;

        Worker(String id, long requestedAt, long readyAt) {
            this.id = id;
            this.requestedAt = requestedAt;
            this.readyAt = readyAt;
        }
    }

    /** A simulated worker as the scale-down order sees it (the same mapping as the manager's). */
    static ScaleDownOrder.Candidate candidate(Worker worker) {
        ScaleDownOrder.Stage stage = !worker.ready ? ScaleDownOrder.Stage.STARTING
                : worker.task == null ? ScaleDownOrder.Stage.IDLE : ScaleDownOrder.Stage.BUSY;
        return new ScaleDownOrder.Candidate(worker.id, stage, EPOCH.plusMillis(worker.requestedAt),
                worker.task == null ? Optional.empty() : Optional.of(EPOCH.plusMillis(worker.task.startedAt)));
    }

    /** At one instant: finished tasks first, then started workers, then the decision, then the next second's arrivals. */
    private enum Kind { DONE, READY, TICK, SECOND }

    private record Event(long at, Kind kind, long seq, Worker worker) {
    }

    private static final class Run {
        private final Trace trace;
        private final Policy policy;
        private final SimulationSettings settings;
        private final DoubleConsumer progress;
        private final SplittableRandom random;
        private final Policy.Controller controller;
        private final PriorityQueue<Event> events = new PriorityQueue<>(
                Comparator.comparingLong(Event::at).thenComparing(Event::kind).thenComparingLong(Event::seq));
        private final ArrayDeque<Task> queue = new ArrayDeque<>();
        private final ArrayDeque<Worker> idle = new ArrayDeque<>();
        private final List<Worker> workers = new ArrayList<>();
        private final Map<Long, Map<String, Long>> buckets = new HashMap<>();
        private final List<long[]> samples = new ArrayList<>();
        private final List<SimulationResult.Action> actions = new ArrayList<>();
        private final LinkedList<MetricsSnapshot> history = new LinkedList<>();
        private long[] waits = new long[1024];
        private int waited;
        private long seq;
        private long completed;
        private final long horizon;

        Run(Trace trace, Policy policy, SimulationSettings settings, DoubleConsumer progress) {
            this.trace = trace;
            this.policy = policy;
            this.settings = settings;
            this.progress = progress;
            this.random = new SplittableRandom(settings.seed());
            this.controller = policy.start();
            this.horizon = trace.seconds().size() * 1000L + settings.tail().toMillis();
        }

        SimulationResult go() {
            for (int i = 0; i < controller.initial(); i++) {
                Worker worker = new Worker("w" + workers.size(), 0, 0);
                worker.ready = true;
                workers.add(worker);
                idle.add(worker);
            }
            push(0, Kind.SECOND, null);
            push(0, Kind.TICK, null);
            long lastReport = 0;
            while (!events.isEmpty()) {
                Event event = events.poll();
                if (event.at() > horizon) {
                    break;
                }
                switch (event.kind()) {
                    case SECOND -> second(event.at());
                    case DONE -> done(event.worker(), event.at());
                    case READY -> ready(event.worker(), event.at());
                    case TICK -> tick(event.at());
                    default -> throw new IllegalStateException(event.kind().name());
                }
                if (event.at() - lastReport >= 60_000) {
                    lastReport = event.at();
                    progress.accept((double) event.at() / horizon);
                }
            }
            // A task still waiting at the horizon has waited at least this long: count it, or a
            // policy that never serves it would look better than one that serves it late.
            for (Task task : queue) {
                recordWait(Math.max(0, horizon - task.arrivedAt));
            }
            long workerMillis = 0;
            for (Worker worker : workers) {
                long end = worker.gone ? worker.doneAt : horizon;
                workerMillis += Math.max(0, end - worker.requestedAt);
            }
            progress.accept(1.0);
            return new SimulationResult(trace, policy.name(), settings, List.copyOf(samples), Arrays.copyOf(waits, waited),
                    completed, queue.size() + busyCount(), workerMillis / 1000.0, List.copyOf(actions));
        }

        private void push(long at, Kind kind, Worker worker) {
            events.add(new Event(at, kind, seq++, worker));
        }

        /** A second boundary: sample the pool, then schedule this second's arrivals. */
        private void second(long at) {
            int index = (int) (at / 1000);
            samples.add(new long[] {index, supply(), instances(), queue.size(), busyCount()});
            if (!settings.staleness().isZero()) {
                history.addLast(snapshot(at)); // sampled every second, seen late
            }
            if (index < trace.seconds().size()) {
                Trace.Second row = trace.seconds().get(index);
                for (int i = 0; i < row.arrivals(); i++) {
                    // Spread evenly over the second: deterministic, and bursts stay bursts.
                    long time = at + (long) ((i + 0.5) * 1000 / row.arrivals());
                    arrive(new Task(time, serviceTime(row.serviceMs())), time);
                }
            }
            if (at + 1000 <= horizon) {
                push(at + 1000, Kind.SECOND, null);
            }
        }

        private long serviceTime(long mean) {
            if (settings.serviceTimes() == SimulationSettings.ServiceTimes.FIXED) {
                return mean;
            }
            return Math.max(1, Math.round(-mean * Math.log(1 - random.nextDouble())));
        }

        private void arrive(Task task, long at) {
            count(at, "a", 1);
            // Arrivals of one second are handled at its start; a worker idle then takes them in turn.
            Worker worker = idle.pollFirst();
            if (worker != null && queue.isEmpty()) {
                start(worker, task, Math.max(at, task.arrivedAt));
            } else {
                if (worker != null) {
                    idle.addFirst(worker);
                }
                queue.addLast(task);
            }
        }

        private void start(Worker worker, Task task, long at) {
            task.startedAt = at;
            worker.task = task;
            recordWait(at - task.arrivedAt);
            push(at + task.serviceMs, Kind.DONE, worker);
        }

        private void done(Worker worker, long at) {
            Task task = worker.task;
            worker.task = null;
            completed++;
            long ms = at - task.startedAt;
            count(at, "c", 1);
            count(at, "n", 1);
            count(at, "s", ms);
            count(at, "h" + bin(ms), 1);
            if (worker.leaving) {
                worker.gone = true;
                worker.doneAt = at;
                return;
            }
            takeOrIdle(worker, at);
        }

        private void ready(Worker worker, long at) {
            if (worker.gone) {
                return;
            }
            worker.ready = true;
            takeOrIdle(worker, at);
        }

        private void takeOrIdle(Worker worker, long at) {
            Task next = queue.pollFirst();
            if (next != null) {
                start(worker, next, Math.max(at, next.arrivedAt));
            } else {
                idle.addLast(worker);
            }
        }

        private void tick(long at) {
            int instances = instances();
            MetricsSnapshot snapshot = seen(at).withScaler(instances, false);
            Instant now = EPOCH.plusMillis(at);
            Policy.Decided decided = controller.decide(snapshot, now);
            int target = Math.max(0, decided.target());
            if (target != instances) {
                actions.add(new SimulationResult.Action(at, instances, target, decided.reason()));
                if (target > instances) {
                    for (int i = instances; i < target; i++) {
                        Worker worker = new Worker("w" + workers.size(), at, at + settings.startup().toMillis());
                        workers.add(worker);
                        push(worker.readyAt, Kind.READY, worker);
                    }
                } else {
                    remove(instances - target, at);
                }
            }
            long next = at + controller.period().toMillis();
            if (next <= horizon) {
                push(next, Kind.TICK, null);
            }
        }

        /**
         * The snapshot the policy sees: now, or with staleness the newest of the ones sampled
         * every second that is at least that old (the oldest kept, at the start); the scaler's
         * own count is always current.
         */
        private MetricsSnapshot seen(long at) {
            long staleness = settings.staleness().toMillis();
            if (staleness == 0) {
                return snapshot(at);
            }
            long cutoff = EPOCH.toEpochMilli() + at - staleness;
            while (history.size() > 1 && history.get(1).takenAt().toEpochMilli() <= cutoff) {
                history.removeFirst();
            }
            return history.isEmpty() ? snapshot(at) : history.peekFirst();
        }

        private void remove(int count, long at) {
            List<Worker> candidates = new ArrayList<>();
            for (Worker worker : workers) {
                if (!worker.gone && !worker.leaving) {
                    candidates.add(worker);
                }
            }
            List<Worker> leaving;
            if (policy.removal() == Policy.Removal.DRAIN_IDLE_FIRST) {
                // The manager's own order, applied to what the simulated workers are doing.
                Map<String, Worker> byId = new HashMap<>();
                List<ScaleDownOrder.Candidate> mapped = new ArrayList<>();
                for (Worker worker : candidates) {
                    byId.put(worker.id, worker);
                    mapped.add(candidate(worker));
                }
                leaving = ScaleDownOrder.victims(mapped, count).stream().map(victim -> byId.get(victim.id())).toList();
            } else {
                candidates.sort(Comparator.<Worker>comparingInt(w -> w.ready ? 1 : 0)
                        .thenComparing(Comparator.comparingLong((Worker w) -> w.readyAt).reversed()));
                leaving = candidates.subList(0, Math.min(count, candidates.size()));
            }
            for (Worker worker : leaving) {
                worker.leaving = true;
                if (worker.task == null) {
                    worker.gone = true;
                    worker.doneAt = at;
                    idle.remove(worker);
                }
            }
        }

        private int instances() {
            int n = 0;
            for (Worker worker : workers) {
                if (!worker.gone && !worker.leaving) {
                    n++;
                }
            }
            return n;
        }

        private int supply() {
            int n = 0;
            for (Worker worker : workers) {
                if (worker.ready && !worker.gone && !worker.leaving) {
                    n++;
                }
            }
            return n;
        }

        private int busyCount() {
            int n = 0;
            for (Worker worker : workers) {
                if (!worker.gone && worker.task != null) {
                    n++;
                }
            }
            return n;
        }

        /** What the snapshot script and the collector would report now. */
        private MetricsSnapshot snapshot(long at) {
            long now = EPOCH.toEpochMilli() + at;
            int active = 0;
            int busy = 0;
            int draining = 0;
            long oldestRunning = -1;
            for (Worker worker : workers) {
                if (!worker.ready || worker.gone) {
                    continue;
                }
                active++;
                if (worker.leaving) {
                    draining++;
                }
                if (worker.task != null) {
                    busy++;
                    if (oldestRunning < 0 || worker.task.startedAt < oldestRunning) {
                        oldestRunning = worker.task.startedAt;
                    }
                }
            }
            List<StatsWindow.Bucket> window = new ArrayList<>();
            long current = Math.floorDiv(at, BUCKET.toMillis()) * BUCKET.toSeconds();
            for (long start = current; start >= current - STATS_WINDOW.toSeconds(); start -= BUCKET.toSeconds()) {
                Map<String, Long> fields = buckets.get(start);
                if (fields != null) {
                    window.add(new StatsWindow.Bucket(EPOCH.getEpochSecond() + start, fields));
                }
            }
            buckets.keySet().removeIf(start -> start < current - STATS_WINDOW.toSeconds() - BUCKET.toSeconds());
            StatsWindow stats = StatsWindow.of(window, now, BUCKET, RATE_WINDOW);
            Task oldest = queue.peekFirst();
            return MetricsSnapshot.builder(Instant.ofEpochMilli(now), "simulated")
                    .queueLength(queue.size())
                    .inFlight(busyCount())
                    .oldestTaskAge(oldest == null ? Duration.ZERO : Duration.ofMillis(Math.max(0, at - oldest.arrivedAt)))
                    .oldestRunningAge(oldestRunning < 0 ? Duration.ZERO : Duration.ofMillis(at - oldestRunning))
                    .registeredWorkers(active).activeWorkers(active).busyWorkers(busy).drainingWorkers(draining)
                    .arrivalRate(stats.arrivalRate()).completionRate(stats.completionRate()).failureRate(stats.failureRate())
                    .avgProcessingTime(stats.avgProcessingTime()).p95ProcessingTime(stats.p95ProcessingTime())
                    .processingSamples(stats.samples()).successRate(stats.successRate()).statsWindow(STATS_WINDOW)
                    .build();
        }

        private void count(long at, String field, long by) {
            long start = Math.floorDiv(at, BUCKET.toMillis()) * BUCKET.toSeconds();
            buckets.computeIfAbsent(start, s -> new HashMap<>()).merge(field, by, Long::sum);
        }

        /** The histogram bin of a processing time, as the Lua scripts compute it. */
        static int bin(long ms) {
            return ms >= 1 ? 1 + (int) Math.floor(Math.log(ms) / Math.log(1.1)) : 0;
        }

        private void recordWait(long ms) {
            if (waited == waits.length) {
                waits = Arrays.copyOf(waits, waits.length * 2);
            }
            waits[waited++] = ms;
        }
    }
}
