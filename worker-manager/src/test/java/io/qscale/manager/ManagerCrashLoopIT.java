package io.qscale.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.core.control.ManagerMode;
import io.qscale.core.control.RecordedDecision;
import io.qscale.core.control.RecordedDecision.Outcome;
import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.manager.scaler.InstanceExit;
import io.qscale.manager.scaler.Scaler;
import io.qscale.manager.scaler.ScalerInstance;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.policy.ScalingEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker that cannot start (it exits at once, or never registers) is noticed, said in one line
 * with its exit code and last output line, and restarted only after a doubling back-off: the
 * manager against a real Redis and an in-memory scaler whose instances crash, on a manual clock.
 */
@ExtendWith(RedisServerExtension.class)
class ManagerCrashLoopIT {

    private static final ProtocolSettings PROTOCOL = ProtocolSettings.defaults();
    private static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");
    private RedisSession redis;
    private QueueKeys keys;

    /** A clock the test moves. */
    private static final class ManualClock extends Clock {
        private Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    /** Instances that live until the test ends them; each ended one is reported once as an exit. */
    private static final class CrashingScaler implements Scaler {
        final Map<String, ScalerInstance> running = new LinkedHashMap<>();
        final List<InstanceExit> exits = new ArrayList<>();
        int starts;

        @Override
        public String name() {
            return "crashing";
        }

        @Override
        public List<ScalerInstance> instances() {
            return List.copyOf(running.values());
        }

        @Override
        public List<InstanceExit> exits() {
            List<InstanceExit> ended = List.copyOf(exits);
            exits.clear();
            return ended;
        }

        @Override
        public List<ScalerInstance> start(int count) {
            List<ScalerInstance> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ScalerInstance instance = new ScalerInstance("w" + (++starts), "ref", T0);
                running.put(instance.workerId(), instance);
                started.add(instance);
            }
            return started;
        }

        /** Every running instance exits with {@code code}, having printed {@code line} last. */
        void crashAll(int code, String line) {
            running.keySet().forEach(id -> exits.add(new InstanceExit(id, OptionalInt.of(code), line, T0)));
            running.clear();
        }

        @Override
        public void stop(Collection<String> workerIds) {
            workerIds.forEach(running::remove);
        }
    }

    @BeforeEach
    void connect(LocalRedisServer server) {
        redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()));
        keys = new QueueKeys("crash-" + UUID.randomUUID().toString().substring(0, 6));
    }

    @AfterEach
    void close() {
        redis.close();
    }

    /** The real collector, its snapshots stamped with the test's clock (else they would look stale). */
    private Manager manager(Scaler scaler, ManagerSettings settings, Clock clock) {
        MetricsCollector collector = new MetricsCollector(redis, keys, PROTOCOL, HostMetrics.NONE);
        return new Manager(redis, keys, () -> collector.snapshot().toBuilder().takenAt(clock.instant()).build(),
                new WorkerRegistry(redis, keys, PROTOCOL), new ScalingEngine(ScalingConfig.thresholdsProfile().withBounds(0, 10)),
                scaler, settings, clock);
    }

    @Test
    void aWorkerThatExitsOnStartIsSaidInOneLineAndRestartedOnlyAfterADoublingBackOff() {
        ManualClock clock = new ManualClock();
        CrashingScaler scaler = new CrashingScaler();
        Manager manager = manager(scaler, ManagerSettings.defaults("m1").withMode(ManagerMode.manual(1)), clock);
        List<RecordedDecision> decisions = new ArrayList<>();

        for (int second = 0; second < 30; second++) {
            decisions.add(manager.tick().decision());
            scaler.crashAll(1, "ERR WRONGPASS invalid username-password pair");
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(scaler.starts).as("starts in 30 s with a back-off of 2, 4, 8, 16 s").isBetween(3, 6);
        RecordedDecision firstFailure = decisions.stream().filter(d -> d.outcome() == Outcome.FAILED).findFirst().orElseThrow();
        assertThat(firstFailure.detail()).isEqualTo("worker w1 exited with code 1 before registering (1.0 s after its start): "
                + "ERR WRONGPASS invalid username-password pair; next start in 2.0 s");
        assertThat(decisions).filteredOn(d -> d.outcome() == Outcome.FAILED).extracting(RecordedDecision::detail)
                .last().asString().endsWith("next start in 16 s");
        assertThat(decisions).filteredOn(d -> d.outcome() == Outcome.BACKING_OFF).isNotEmpty()
                .allSatisfy(d -> assertThat(d.detail()).contains("exited with code 1 before registering"));
        assertThat(manager.recentDecisions(100)).as("the stream keeps every failure")
                .filteredOn(d -> d.outcome() == Outcome.FAILED).hasSize((int) decisions.stream()
                        .filter(d -> d.outcome() == Outcome.FAILED).count());
    }

    @Test
    void aWorkerThatNeverRegistersIsReportedOnceAfterTheStartTimeout() {
        ManualClock clock = new ManualClock();
        CrashingScaler scaler = new CrashingScaler();
        Manager manager = manager(scaler, ManagerSettings.defaults("m1").withMode(ManagerMode.manual(1))
                .withStartTimeout(Duration.ofSeconds(10)), clock);
        List<RecordedDecision> decisions = new ArrayList<>();

        for (int second = 0; second < 20; second++) {
            decisions.add(manager.tick().decision());
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(scaler.starts).as("it still runs: no second start").isEqualTo(1);
        assertThat(decisions).filteredOn(d -> d.outcome() == Outcome.FAILED).singleElement()
                .extracting(RecordedDecision::detail).asString()
                .startsWith("worker w1 has not registered 10 s after its start");
    }

    @Test
    void aWorkerThatCrashesAfterRegisteringIsReportedWithItsExitCode() {
        ManualClock clock = new ManualClock();
        CrashingScaler scaler = new CrashingScaler();
        WorkerRegistry registry = new WorkerRegistry(redis, keys, PROTOCOL);
        Manager manager = manager(scaler, ManagerSettings.defaults("m1").withMode(ManagerMode.manual(1)), clock);

        manager.tick();
        register(registry, "w1");
        RecordedDecision healthy = manager.tick().decision();
        scaler.crashAll(137, "");
        clock.advance(Duration.ofSeconds(1));
        RecordedDecision crashed = manager.tick().decision();

        assertThat(healthy.outcome()).isNotEqualTo(Outcome.FAILED);
        assertThat(crashed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(crashed.detail()).isEqualTo("worker w1 exited with code 137 unasked (its tasks return through recovery); "
                + "next start in 2.0 s");
    }

    private void register(WorkerRegistry registry, String id) {
        registry.heartbeat(new io.qscale.core.protocol.WorkerIdentity(id, "host", 1L, T0, "test"), false);
    }
}
