package io.qscale.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.core.control.ManagerMode;
import io.qscale.core.control.RecordedDecision;
import io.qscale.core.control.RecordedDecision.Outcome;
import io.qscale.manager.scaler.Scaler;
import io.qscale.manager.scaler.ScalerException;
import io.qscale.manager.scaler.ScalerInstance;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.rules.policy.ScalingEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The manager's loop without Redis: an in-memory store and scaler, a manual clock. Observe, decide,
 * act and record — a scale-up, a drain-first scale-down, a failing scaler and its back-off, a
 * manager that stands by, a dry run — each checked from what the store and the scaler saw.
 */
class ManagerTest {

    private static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");

    private static final class ManualClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Instances in memory; starts fail while {@code failing} is set; stop removes exactly the named ones. */
    private static final class MemoryScaler implements Scaler {
        final Map<String, ScalerInstance> running = new LinkedHashMap<>();
        final List<String> stopped = new ArrayList<>();
        String failing;
        int made;

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public List<ScalerInstance> instances() {
            return List.copyOf(running.values());
        }

        @Override
        public List<ScalerInstance> start(int count) throws ScalerException {
            if (failing != null) {
                throw new ScalerException(failing);
            }
            List<ScalerInstance> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ScalerInstance instance = new ScalerInstance("w" + (++made), "ref", T0.plusSeconds(made));
                running.put(instance.workerId(), instance);
                started.add(instance);
            }
            return started;
        }

        @Override
        public void stop(Collection<String> workerIds) {
            workerIds.forEach(id -> {
                running.remove(id);
                stopped.add(id);
            });
        }
    }

    private final ManualClock clock = new ManualClock();
    private final InMemoryManagerStore store = new InMemoryManagerStore("m1");
    private final MemoryScaler scaler = new MemoryScaler();

    /** Snapshots as the collector would take them: the registered workers, busy or idle, now. */
    private MetricsSnapshot snapshot() {
        int busy = (int) store.workers.values().stream().filter(w -> w.state() == io.qscale.core.protocol.WorkerState.BUSY).count();
        return MetricsSnapshot.builder(clock.instant(), "tasks").workers(store.workers.size(), busy).build();
    }

    private Manager manager(ManagerMode mode) {
        return new Manager(store, this::snapshot, new ScalingEngine(ScalingConfig.defaultProfile().withBounds(0, 10)), scaler,
                ManagerSettings.defaults("m1").withMode(mode), clock);
    }

    private RecordedDecision tick(Manager manager) {
        RecordedDecision decision = manager.tick().decision();
        clock.now = clock.now.plusSeconds(1);
        return decision;
    }

    private void registerAll() {
        scaler.running.keySet().forEach(id -> store.register(id, false, clock.instant()));
    }

    @Test
    void aManualTargetStartsInstancesAndRecordsWhichOnes() {
        Manager manager = manager(ManagerMode.manual(3));

        RecordedDecision decision = tick(manager);

        assertThat(decision.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(decision.started()).containsExactly("w1", "w2", "w3");
        assertThat(scaler.running).hasSize(3);
        assertThat(store.decisions).containsExactly(decision);
    }

    @Test
    void aScaleDownDrainsIdleWorkersFirstAndStopsThemOnlyOnceTheyHaveLeft() {
        Manager manager = manager(ManagerMode.manual(3));
        tick(manager);
        registerAll();
        store.register("w1", true, clock.instant().minusSeconds(5));
        store.setMode(ManagerMode.manual(1));

        RecordedDecision down = tick(manager);

        assertThat(down.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(down.draining()).as("the two idle ones, never the busy w1").containsExactlyInAnyOrder("w2", "w3");
        assertThat(store.drainRequests).containsExactlyInAnyOrder("w2", "w3");
        assertThat(scaler.stopped).as("nobody is stopped while draining").isEmpty();

        store.deregister("w2");
        RecordedDecision next = tick(manager);

        assertThat(next.stopped()).containsExactly("w2");
        assertThat(scaler.stopped).containsExactly("w2");
        assertThat(scaler.running).containsOnlyKeys("w1", "w3");
    }

    @Test
    void aFailingScalerIsFailedThenBacksOffThenRetries() {
        scaler.failing = "the daemon is down";
        Manager manager = manager(ManagerMode.manual(2));

        RecordedDecision failed = manager.tick().decision();
        clock.now = clock.now.plusMillis(500);
        RecordedDecision waiting = manager.tick().decision();
        clock.now = clock.now.plusSeconds(2);
        scaler.failing = null;
        RecordedDecision retried = tick(manager);

        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.detail()).isEqualTo("memory scaler: the daemon is down");
        assertThat(waiting.outcome()).isEqualTo(Outcome.BACKING_OFF);
        assertThat(waiting.detail()).startsWith("retrying in ").endsWith(" after: memory scaler: the daemon is down");
        assertThat(retried.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(retried.started()).hasSize(2);
    }

    @Test
    void aManagerWithoutTheLeaseStandsByAndActsOnNothing() {
        store.leaseHolder = "m2";
        Manager manager = manager(ManagerMode.manual(4));

        RecordedDecision decision = tick(manager);

        assertThat(decision.outcome()).isEqualTo(Outcome.STANDBY);
        assertThat(decision.detail()).isEqualTo("manager m2 leads");
        assertThat(scaler.running).isEmpty();
        assertThat(store.decisions).as("only the leader records").isEmpty();
    }

    @Test
    void aDryRunDecidesAndRecordsButNeverActs() {
        store.setMode(ManagerMode.DRY_RUN);
        Manager manager = manager(ManagerMode.AUTO);

        RecordedDecision decision = tick(manager);

        assertThat(decision.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(decision.mode()).isEqualTo(ManagerMode.DRY_RUN);
        assertThat(scaler.running).isEmpty();
        assertThat(store.decisions).containsExactly(decision);
    }

    @Test
    void aDrainedWorkerThatDoesNotLeaveIsStoppedAfterTheDrainGrace() {
        Manager manager = manager(ManagerMode.manual(2));
        tick(manager);
        registerAll();
        store.setMode(ManagerMode.manual(1));
        tick(manager);
        assertThat(store.drainRequests).hasSize(1);
        String victim = store.drainRequests.iterator().next();

        clock.now = clock.now.plus(ManagerSettings.DEFAULT_DRAIN_GRACE).plus(Duration.ofSeconds(1));
        RecordedDecision late = tick(manager);

        assertThat(late.stopped()).containsExactly(victim);
        assertThat(scaler.running).hasSize(1).doesNotContainKey(victim);
    }
}
