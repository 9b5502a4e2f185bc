package io.qscale.rules.policy;

import io.qscale.rules.metrics.HostLoad;
import io.qscale.rules.metrics.MetricsSnapshot;
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
    long avgMs;
    long samples;
    int scalerInstances = -1;
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

    Snapshots avg(long millis) {
        avgMs = millis;
        samples = millis > 0 ? 50 : 0;
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
        return new MetricsSnapshot(at, "jobs", queue, flight, 0, Duration.ZERO, active, active, busy, 0, 0, 0, 0,
                Duration.ofMillis(avgMs), Duration.ofMillis(avgMs), samples, 1, 0, Duration.ofMinutes(5),
                new HostLoad(cpu, 0, 0), scalerInstances);
    }
}
