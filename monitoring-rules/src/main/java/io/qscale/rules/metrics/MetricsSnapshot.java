package io.qscale.rules.metrics;

import io.qscale.rules.validation.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything known about one queue and its workers at one instant: the input of every scaling
 * decision. Immutable and thread-safe; build one with {@link #builder(Instant, String)}.
 *
 * @param takenAt when the snapshot was taken (the Redis server's clock)
 * @param queue the queue's name
 * @param queueLength tasks waiting to be claimed
 * @param inFlight tasks claimed and not yet acknowledged, in any worker's processing list
 * @param orphaned the part of {@code inFlight} held by dead workers, waiting for recovery
 * @param oldestTaskAge how long the oldest waiting task has waited (queue latency); zero when empty
 * @param oldestRunningAge how long the longest-running task of a live worker has run; zero when none runs
 * @param registeredWorkers workers in the registry, alive or not yet recovered
 * @param activeWorkers workers whose heartbeat is recent (alive)
 * @param busyWorkers alive workers holding a task
 * @param drainingWorkers workers asked to drain that have not deregistered yet
 * @param slots task slots of the active workers (a worker with concurrency N has N); 0 when not
 *     reported, which reads as one slot per active worker
 * @param busySlots slots of active workers running a task (0 when slots are not reported)
 * @param arrivalRate tasks enqueued per second over the rate window
 * @param completionRate tasks completed successfully per second over the rate window
 * @param failureRate failed attempts per second over the rate window
 * @param avgProcessingTime mean time a worker spent on a task over the statistics window
 * @param p95ProcessingTime 95th percentile of that time (histogram resolution: 10 %)
 * @param processingSamples tasks finished (either way) in the statistics window
 * @param successRate completed / (completed + failed attempts) over the statistics window; 1 when none
 * @param deadLetters tasks in the dead-letter list
 * @param statsWindow the statistics window
 * @param host CPU and memory of the host that took the snapshot (the manager's, or the CLI's)
 * @param poolCpu the workers' own CPU, as they report it
 * @param scalerInstances instances the scaler reports running; -1 when unknown
 * @param scalerSharesHost whether the scaler runs its workers on the host that took the snapshot
 *     (the local scaler), so that {@code host} is also the workers' host
 * @param startingWorkers of the scaler's instances, those started and not registered yet (on
 *     their way: they serve once they have started)
 * @param startupLeft how long until those serve, on average; zero when none starts or unknown
 * @param startupTime the measured time from a start request to the worker's first heartbeat
 *     (the median of the recent starts); zero when none was measured
 */
public record MetricsSnapshot(
        Instant takenAt,
        String queue,
        long queueLength,
        long inFlight,
        long orphaned,
        Duration oldestTaskAge,
        Duration oldestRunningAge,
        int registeredWorkers,
        int activeWorkers,
        int busyWorkers,
        int drainingWorkers,
        int slots,
        int busySlots,
        double arrivalRate,
        double completionRate,
        double failureRate,
        Duration avgProcessingTime,
        Duration p95ProcessingTime,
        long processingSamples,
        double successRate,
        long deadLetters,
        Duration statsWindow,
        HostLoad host,
        PoolCpu poolCpu,
        int scalerInstances,
        boolean scalerSharesHost,
        int startingWorkers,
        Duration startupLeft,
        Duration startupTime) {

    public MetricsSnapshot {
        Require.nonNull("takenAt", takenAt);
        Require.nonBlank("queue", queue);
        Require.atLeast("queueLength", queueLength, 0L);
        Require.atLeast("inFlight", inFlight, 0L);
        Require.that(orphaned >= 0 && orphaned <= inFlight, "orphaned", "must be between 0 and inFlight (" + inFlight + ")", orphaned);
        Require.nonNegative("oldestTaskAge", oldestTaskAge);
        Require.nonNegative("oldestRunningAge", oldestRunningAge);
        Require.atLeast("registeredWorkers", registeredWorkers, 0);
        Require.atLeast("activeWorkers", activeWorkers, 0);
        Require.that(busyWorkers >= 0 && busyWorkers <= activeWorkers, "busyWorkers",
                "must be between 0 and activeWorkers (" + activeWorkers + ")", busyWorkers);
        Require.atLeast("drainingWorkers", drainingWorkers, 0);
        Require.atLeast("slots", slots, 0);
        Require.that(busySlots >= 0 && busySlots <= slots, "busySlots", "must be between 0 and slots (" + slots + ")", busySlots);
        Require.atLeast("arrivalRate", arrivalRate, 0.0);
        Require.atLeast("completionRate", completionRate, 0.0);
        Require.atLeast("failureRate", failureRate, 0.0);
        Require.nonNegative("avgProcessingTime", avgProcessingTime);
        Require.nonNegative("p95ProcessingTime", p95ProcessingTime);
        Require.atLeast("processingSamples", processingSamples, 0L);
        Require.between("successRate", successRate, 0, 1);
        Require.atLeast("deadLetters", deadLetters, 0L);
        Require.positive("statsWindow", statsWindow);
        Require.nonNull("host", host);
        Require.nonNull("poolCpu", poolCpu);
        Require.atLeast("scalerInstances", scalerInstances, -1);
        Require.atLeast("startingWorkers", startingWorkers, 0);
        Require.nonNegative("startupLeft", startupLeft);
        Require.nonNegative("startupTime", startupTime);
    }

    /** A builder for a quiet pool (no tasks, no workers) at {@code takenAt}; set what differs. */
    public static Builder builder(Instant takenAt, String queue) {
        return new Builder(takenAt, queue);
    }

    /** A builder that starts from this snapshot. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Busy slots over slots (busy workers over active workers where slots are not reported), 0 to 1. */
    public double utilization() {
        int capacity = taskSlots();
        return capacity == 0 ? 0 : Math.min(1.0, (double) busyTaskSlots() / capacity);
    }

    /** Tasks the active workers can run at once: their slots, else one per worker. */
    public int taskSlots() {
        return slots > 0 ? slots : activeWorkers;
    }

    /** Of those, how many run a task. */
    public int busyTaskSlots() {
        return slots > 0 ? busySlots : busyWorkers;
    }

    /**
     * The mean concurrency of a worker (slots per active worker), which the rules multiply by to
     * turn workers into capacity; 1 when no worker is alive or slots are not reported.
     */
    public double slotsPerWorker() {
        return slots > 0 && activeWorkers > 0 ? (double) slots / activeWorkers : 1.0;
    }

    /** How many workers the pool has, every way it is counted (the one place: {@link PoolSize}). */
    public PoolSize pool() {
        return new PoolSize(registeredWorkers, activeWorkers, startingWorkers, drainingWorkers, scalerInstances);
    }

    /** {@code pool().serving()}: the workers that serve the queue, counting those on their way. */
    public int servingWorkers() {
        return pool().serving();
    }

    /**
     * How long one task takes, as far as is known: the mean processing time over the statistics
     * window; before any task has finished, the longest-running task's time so far (a lower
     * bound: it has not finished yet). Empty when neither is known.
     */
    public Optional<Duration> taskTime() {
        if (processingSamples > 0 && !avgProcessingTime.isZero()) {
            return Optional.of(avgProcessingTime);
        }
        return oldestRunningAge.isZero() ? Optional.empty() : Optional.of(oldestRunningAge);
    }

    /**
     * Time until the waiting tasks are all claimed at the pool's current size (assuming no new
     * arrivals): queue length over the faster of the measured completion rate and the pool's
     * service capacity ({@link #servingWorkers()} × slots / {@link #taskTime()}); when the
     * capacity decides and the task time is measured, corrected for the running tasks being part
     * done (docs/scaling-rules.md, "ETA to drain"). Workers still starting add their capacity only
     * once they serve ({@link #startupLeft()} from now). The capacity matters at the start of a
     * burst, when the windowed completion rate still reflects the quiet before it. Zero for an
     * empty queue; empty when neither rate is known.
     */
    public Optional<Duration> etaToDrain() {
        return etaToDrainWith(servingWorkers());
    }

    /**
     * The same at another pool size (the target while the pool grows): the workers beyond those
     * serving now join once started — the ones already starting after {@link #startupLeft()},
     * the ones not started yet after a whole {@link #startupTime()}.
     */
    public Optional<Duration> etaToDrainWith(int workers) {
        if (queueLength == 0) {
            return Optional.of(Duration.ZERO);
        }
        int servingNow = Math.min(workers, pool().servingNow());
        int joining = workers - servingNow;
        int notStarted = Math.max(0, workers - servingWorkers());
        double joinAfter = joining <= 0 ? 0
                : ((joining - notStarted) * seconds(startupLeft) + notStarted * seconds(startupTime)) / joining;
        if (joining <= 0 || joinAfter <= 0) {
            return drainTime(queueLength, workers, workers == servingWorkers() ? completionRate : 0, true).map(MetricsSnapshot::duration);
        }
        // Before the joining workers serve, those serving now drain at their pace; after, all of them.
        Optional<Double> alone = drainTime(queueLength, servingNow, servingNow > 0 ? completionRate : 0, true);
        if (alone.isPresent() && alone.get() <= joinAfter) {
            return alone.map(MetricsSnapshot::duration);
        }
        double perSecondNow = servingNow == 0 ? 0 : capacity(servingNow);
        long left = Math.max(0, Math.round(queueLength - perSecondNow * joinAfter));
        return drainTime(left, workers, 0, servingNow > 0).map(rest -> duration(joinAfter + rest));
    }

    /**
     * The ETA to drain for a reader that shows it {@code elapsed} after this snapshot was taken
     * (the API, a dashboard redrawn between ticks). Before any task has finished, the task time
     * is only the running tasks' age, a lower bound that grows by the time gone by: it is taken
     * as of now, else a snapshot read most of a tick late reads far too low. The ETA itself stays
     * as of the snapshot, like every other figure in it.
     */
    public Optional<Duration> etaToDrainAfter(Duration elapsed) {
        if (elapsed.isNegative() || elapsed.isZero() || processingSamples > 0 || oldestRunningAge.isZero()) {
            return etaToDrain();
        }
        return toBuilder().oldestRunningAge(oldestRunningAge.plus(elapsed)).build().etaToDrain();
    }

    /** Tasks per second that {@code workers} finish at the known task time; 0 when unknown. */
    private double capacity(int workers) {
        return workers <= 0 ? 0 : taskTime().map(t -> workers * slotsPerWorker() * 1000.0 / Math.max(1, t.toMillis())).orElse(0.0);
    }

    /**
     * Seconds to claim {@code queue} tasks with {@code workers}, at the faster of their capacity
     * and {@code measured}; {@code partDone} when the slots' tasks are already under way.
     */
    private Optional<Double> drainTime(long queue, int workers, double measured, boolean partDone) {
        if (queue == 0) {
            return Optional.of(0.0);
        }
        double capacity = capacity(workers);
        double rate = Math.max(capacity, measured);
        if (rate <= 0) {
            return Optional.empty();
        }
        double seconds = queue / rate;
        double slots = workers * slotsPerWorker();
        if (partDone && capacity >= measured && processingSamples > 0 && !avgProcessingTime.isZero()) {
            // The tasks running now are part done, so slots free up sooner than whole task times:
            // with no more waiting than slots, the last waiting task goes with the queue-th of the
            // slots' next completions (spread evenly over a task time: q x T / (slots + 1)); with
            // more, about half a task time sooner than whole rounds, and never sooner than that.
            double task = seconds(avgProcessingTime);
            double lastOfOneRound = Math.min(queue, slots) * task / (slots + 1);
            seconds = queue <= slots ? lastOfOneRound : Math.max(seconds - task / 2, lastOfOneRound);
        }
        return Optional.of(seconds);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static Duration duration(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** A copy with the scaler's own count of running instances and where it runs them. */
    public MetricsSnapshot withScaler(int instances, boolean sharesHost) {
        return toBuilder().scalerInstances(instances).scalerSharesHost(sharesHost).build();
    }

    /** A copy with the workers on their way: how many, how long until they serve, a typical start-up. */
    public MetricsSnapshot withStarting(int starting, Duration left, Duration typical) {
        return toBuilder().startingWorkers(starting).startupLeft(left).startupTime(typical).build();
    }

    /** Builds snapshots; not thread-safe. Every field starts at a quiet pool's value. */
    public static final class Builder {
        private Instant takenAt;
        private String queue;
        private long queueLength;
        private long inFlight;
        private long orphaned;
        private Duration oldestTaskAge = Duration.ZERO;
        private Duration oldestRunningAge = Duration.ZERO;
        private int registeredWorkers;
        private int activeWorkers;
        private int busyWorkers;
        private int drainingWorkers;
        private int slots;
        private int busySlots;
        private double arrivalRate;
        private double completionRate;
        private double failureRate;
        private Duration avgProcessingTime = Duration.ZERO;
        private Duration p95ProcessingTime = Duration.ZERO;
        private long processingSamples;
        private double successRate = 1;
        private long deadLetters;
        private Duration statsWindow = Duration.ofMinutes(5);
        private HostLoad host = HostLoad.UNKNOWN;
        private PoolCpu poolCpu = PoolCpu.UNKNOWN;
        private int scalerInstances = -1;
        private boolean scalerSharesHost;
        private int startingWorkers;
        private Duration startupLeft = Duration.ZERO;
        private Duration startupTime = Duration.ZERO;

        private Builder(Instant takenAt, String queue) {
            this.takenAt = takenAt;
            this.queue = queue;
        }

        private Builder(MetricsSnapshot s) {
            this(s.takenAt, s.queue);
            queueLength = s.queueLength;
            inFlight = s.inFlight;
            orphaned = s.orphaned;
            oldestTaskAge = s.oldestTaskAge;
            oldestRunningAge = s.oldestRunningAge;
            registeredWorkers = s.registeredWorkers;
            activeWorkers = s.activeWorkers;
            busyWorkers = s.busyWorkers;
            drainingWorkers = s.drainingWorkers;
            slots = s.slots;
            busySlots = s.busySlots;
            arrivalRate = s.arrivalRate;
            completionRate = s.completionRate;
            failureRate = s.failureRate;
            avgProcessingTime = s.avgProcessingTime;
            p95ProcessingTime = s.p95ProcessingTime;
            processingSamples = s.processingSamples;
            successRate = s.successRate;
            deadLetters = s.deadLetters;
            statsWindow = s.statsWindow;
            host = s.host;
            poolCpu = s.poolCpu;
            scalerInstances = s.scalerInstances;
            scalerSharesHost = s.scalerSharesHost;
            startingWorkers = s.startingWorkers;
            startupLeft = s.startupLeft;
            startupTime = s.startupTime;
        }

        public Builder takenAt(Instant value) { takenAt = value; return this; }
        public Builder queueLength(long value) { queueLength = value; return this; }
        public Builder inFlight(long value) { inFlight = value; return this; }
        public Builder orphaned(long value) { orphaned = value; return this; }
        public Builder oldestTaskAge(Duration value) { oldestTaskAge = value; return this; }
        public Builder oldestRunningAge(Duration value) { oldestRunningAge = value; return this; }
        public Builder registeredWorkers(int value) { registeredWorkers = value; return this; }
        public Builder activeWorkers(int value) { activeWorkers = value; return this; }
        public Builder busyWorkers(int value) { busyWorkers = value; return this; }
        public Builder drainingWorkers(int value) { drainingWorkers = value; return this; }
        public Builder slots(int value) { slots = value; return this; }
        public Builder busySlots(int value) { busySlots = value; return this; }
        public Builder arrivalRate(double value) { arrivalRate = value; return this; }
        public Builder completionRate(double value) { completionRate = value; return this; }
        public Builder failureRate(double value) { failureRate = value; return this; }
        public Builder avgProcessingTime(Duration value) { avgProcessingTime = value; return this; }
        public Builder p95ProcessingTime(Duration value) { p95ProcessingTime = value; return this; }
        public Builder processingSamples(long value) { processingSamples = value; return this; }
        public Builder successRate(double value) { successRate = value; return this; }
        public Builder deadLetters(long value) { deadLetters = value; return this; }
        public Builder statsWindow(Duration value) { statsWindow = value; return this; }
        public Builder host(HostLoad value) { host = value; return this; }
        public Builder poolCpu(PoolCpu value) { poolCpu = value; return this; }
        public Builder scalerInstances(int value) { scalerInstances = value; return this; }
        public Builder scalerSharesHost(boolean value) { scalerSharesHost = value; return this; }
        public Builder startingWorkers(int value) { startingWorkers = value; return this; }
        public Builder startupLeft(Duration value) { startupLeft = value; return this; }
        public Builder startupTime(Duration value) { startupTime = value; return this; }

        /** Active and registered workers at once (the common case in tests and examples). */
        public Builder workers(int active, int busy) {
            registeredWorkers = Math.max(registeredWorkers, active);
            activeWorkers = active;
            busyWorkers = busy;
            return this;
        }

        /** The snapshot; a bad combination fails naming the field, as the constructor does. */
        public MetricsSnapshot build() {
            return new MetricsSnapshot(takenAt, queue, queueLength, inFlight, orphaned, oldestTaskAge, oldestRunningAge,
                    registeredWorkers, activeWorkers, busyWorkers, drainingWorkers, slots, busySlots, arrivalRate, completionRate,
                    failureRate, avgProcessingTime, p95ProcessingTime, processingSamples, successRate, deadLetters,
                    statsWindow, host, poolCpu, scalerInstances, scalerSharesHost, startingWorkers, startupLeft, startupTime);
        }
    }
}
