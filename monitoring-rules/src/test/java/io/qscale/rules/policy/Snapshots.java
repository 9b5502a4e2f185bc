package io.qscale.rules.policy;

import io.qscale.rules.metrics.HostLoad;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.metrics.PoolCpu;
import java.time.Duration;
import java.time.Instant;

/** Builds snapshots for rule tests: only what a test names differs from a quiet pool. */
final class Snapshots {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    long queue;
    long inFlight = -1;
    int active;
    int busy;
    double cpu;
    double hostCpu;
    boolean sharesHost;
    long runningMs;
    long avgMs;
    long samples;
    int scalerInstances = -1;
    int slots;
    int busySlots;
    Instant at = T0;

    static Snapshots pool(int active, int busy) {
        Snapshots s = new Snapshots();
        s.active = active;
        s.busy = busy;
        return s;
    }

    Snapshots queue(long value) {
        queue = value;
        return this;
    }

    Snapshots inFlight(long value) {
        inFlight = value;
        return this;
    }

    Snapshots cpu(double value) {
        cpu = value;
        return this;
    }

    /** The workers' host as the manager sees it, and whether the scaler runs them there. */
    Snapshots host(double value, boolean shared) {
        hostCpu = value;
        sharesHost = shared;
        return this;
    }

    Snapshots running(long millis) {
        runningMs = millis;
        return this;
    }

    Snapshots avg(long millis) {
        avgMs = millis;
        samples = millis > 0 ? 50 : 0;
        return this;
    }

    /** The active workers' task slots and how many run a task (workers with --concurrency). */
    Snapshots slots(int total, int busyOnes) {
        slots = total;
        busySlots = busyOnes;
        return this;
    }

    Snapshots scaler(int instances) {
        scalerInstances = instances;
        return this;
    }

    Snapshots at(Instant when) {
        at = when;
        return this;
    }

    MetricsSnapshot build() {
        long flight = inFlight >= 0 ? inFlight : busy;
        return MetricsSnapshot.builder(at, "jobs").queueLength(queue).inFlight(flight).workers(active, busy)
                .avgProcessingTime(Duration.ofMillis(avgMs)).p95ProcessingTime(Duration.ofMillis(avgMs))
                .processingSamples(samples).oldestRunningAge(Duration.ofMillis(runningMs))
                .host(new HostLoad(hostCpu, 0, 0)).poolCpu(active == 0 ? PoolCpu.UNKNOWN : new PoolCpu(cpu, cpu, active))
                .scalerInstances(scalerInstances).scalerSharesHost(sharesHost).slots(slots).busySlots(busySlots).build();
    }
}
