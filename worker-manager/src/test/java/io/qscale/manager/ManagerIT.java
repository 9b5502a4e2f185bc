package io.qscale.manager;

import io.qscale.core.control.RecordedDecision;
import io.qscale.core.control.ManagerMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.core.control.RecordedDecision.Outcome;
import io.qscale.manager.scaler.Scaler;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.Scalers;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.policy.ScalingEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class ManagerIT {

    private static final ProtocolSettings PROTOCOL = ProtocolSettings.defaults();
    private RedisSession redis;
    private QueueKeys keys;
    private RedisEndpoint endpoint;

    @BeforeEach
    void connect(LocalRedisServer server) {
        endpoint = RedisEndpoint.parse("test", server.uri());
        redis = RedisSession.connect(endpoint);
        keys = new QueueKeys("m-" + UUID.randomUUID().toString().substring(0, 6));
    }

    @AfterEach
    void close() {
        redis.close();
    }

    private Manager manager(String id, Scaler scaler, ManagerSettings settings) {
        return new Manager(redis, keys, new MetricsCollector(redis, keys, PROTOCOL, HostMetrics.NONE),
                new WorkerRegistry(redis, keys, PROTOCOL), new ScalingEngine(ScalingConfig.thresholdsProfile().withBounds(0, 10)),
                scaler, settings, Clock.systemUTC());
    }

    private Scaler example() throws Exception {
        return Scalers.provider(ExampleScalerProvider.class.getName())
                .create(new ScalerContext(keys.queueName(), endpoint, Map.of("region", "test")));
    }

    @Test
    void aUsersOwnScalerPlugsInByItsClassName() throws Exception {
        Scaler scaler = example();
        Manager manager = manager("m1", scaler, ManagerSettings.defaults("m1").withMode(ManagerMode.manual(2)));

        RecordedDecision recorded = manager.tick().decision();

        assertThat(scaler.name()).isEqualTo("example(test)");
        assertThat(recorded.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(recorded.started()).hasSize(2);
        assertThat(scaler.instances()).hasSize(2);
    }

    @Test
    void aScalerFailureIsItsOwnLineWithTheRootCauseOnlyWhenThatSaysSomething() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Scaler failing = new Scaler() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public java.util.List<io.qscale.manager.scaler.ScalerInstance> instances() {
                return java.util.List.of();
            }

            @Override
            public java.util.List<io.qscale.manager.scaler.ScalerInstance> start(int count)
                    throws io.qscale.manager.scaler.ScalerException {
                throw (io.qscale.manager.scaler.ScalerException) failure.get();
            }

            @Override
            public void stop(java.util.Collection<String> workerIds) {
            }
        };
        failure.set(new io.qscale.manager.scaler.ScalerException("cannot start: API refused",
                new java.net.SocketException()));
        Manager first = manager("m1", failing, ManagerSettings.defaults("m1").withMode(ManagerMode.manual(2)));
        RecordedDecision silentCause = first.tick().decision();
        first.close(); // gives up the lease for the second
        failure.set(new io.qscale.manager.scaler.ScalerException("cannot start",
                new java.net.SocketException("connection reset")));
        RecordedDecision tellingCause = manager("m2", failing, ManagerSettings.defaults("m2").withMode(ManagerMode.manual(2)))
                .tick().decision();

        assertThat(silentCause.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(silentCause.detail()).as("a cause without a message adds nothing, not \": null\"")
                .isEqualTo("flaky scaler: cannot start: API refused");
        assertThat(tellingCause.detail()).isEqualTo("flaky scaler: cannot start: connection reset");
    }

    @Test
    void anUnknownScalerNameSaysWhatIsAllowed() {
        assertThatThrownBy(() -> Scalers.provider("ec2"))
                .hasMessage("scaler.type must be one of local, docker, swarm or the class name of a ScalerProvider, but was 'ec2'");
    }

    @Test
    void ofTwoManagersOneActsAndTheOtherTakesOverWithinTheLeaseTime() throws Exception {
        ManagerSettings fast = ManagerSettings.defaults("a").withTiming(Duration.ofMillis(200), Duration.ofSeconds(2),
                Duration.ofSeconds(5)).withMode(ManagerMode.manual(1));
        Scaler scalerA = example();
        Scaler scalerB = example();
        Manager a = manager("a", scalerA, fast);
        Manager b = manager("b", scalerB, new ManagerSettings("b", fast.tick(), fast.leaseTime(), fast.drainGrace(),
                fast.maxBackoff(), fast.mode(), fast.decisionsKept(), fast.startTimeout()));

        RecordedDecision first = a.tick().decision();
        RecordedDecision standby = b.tick().decision();
        RecordedDecision again = a.tick().decision();

        assertThat(first.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(standby.outcome()).isEqualTo(Outcome.STANDBY);
        assertThat(standby.detail()).isEqualTo("manager a leads");
        assertThat(again.outcome()).isEqualTo(Outcome.NO_CHANGE);
        assertThat(scalerB.instances()).as("the standby never acts").isEmpty();

        // a dies: it stops ticking and never releases its lease.
        Instant died = Instant.now();
        await().atMost(Duration.ofSeconds(5)).pollInterval(fast.tick()).until(() -> b.tick().decision().outcome() == Outcome.APPLIED);
        Duration takeover = Duration.between(died, Instant.now());

        assertThat(takeover).isLessThanOrEqualTo(fast.leaseTime().plus(fast.tick()).plusMillis(300));
        assertThat(b.leader()).contains("b");
        assertThat(scalerB.instances()).hasSize(1);
        assertThat(b.recentDecisions(10)).extracting(RecordedDecision::manager).contains("a", "b");
    }

    @Test
    void theModeCanBeChangedWhileRunningThroughRedis() throws Exception {
        Scaler scaler = example();
        Manager manager = manager("m1", scaler, ManagerSettings.defaults("m1").withMode(ManagerMode.DRY_RUN));

        RecordedDecision dry = manager.tick().decision();
        manager.setMode(ManagerMode.manual(3));
        RecordedDecision manual = manager.tick().decision();

        assertThat(dry.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(scaler.instances()).hasSize(3);
        assertThat(manual.mode()).isEqualTo(ManagerMode.manual(3));
        assertThat(manual.decision().reason()).startsWith("scale up 0 → 3: manual mode holds exactly 3 workers (auto would: hold at 0");
        assertThat(redis.commands().get(keys.mode())).isEqualTo("manual:3");
    }

    @Test
    void aScaleUpDuringADrainTakesTheDrainingWorkersBackInsteadOfStartingNewOnes() throws Exception {
        Scaler scaler = example();
        Manager manager = manager("m1", scaler, ManagerSettings.defaults("m1").withMode(ManagerMode.manual(3)));
        manager.tick().decision();
        WorkerRegistry registry = new WorkerRegistry(redis, keys, PROTOCOL);
        for (var instance : scaler.instances()) {
            registry.heartbeat(new io.qscale.core.protocol.WorkerIdentity(instance.workerId(), "h", 1, Instant.now(), "t"), false);
        }

        manager.setMode(ManagerMode.manual(1));
        RecordedDecision down = manager.tick().decision();
        manager.setMode(ManagerMode.manual(3));
        RecordedDecision up = manager.tick().decision();

        assertThat(down.draining()).hasSize(2);
        assertThat(redis.commands().smembers(keys.drain())).isEmpty();
        assertThat(up.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(up.started()).as("no new instance: the drains were cancelled").isEmpty();
        assertThat(manager.draining()).isEmpty();
        assertThat(scaler.instances()).hasSize(3);
    }

    @Test
    void modesParseAndABadOneSaysWhatIsAllowed() {
        assertThat(ManagerMode.parse("mode", "manual:6")).isEqualTo(ManagerMode.manual(6));
        assertThat(ManagerMode.parse("mode", "dry-run")).isEqualTo(ManagerMode.DRY_RUN);
        assertThatThrownBy(() -> ManagerMode.parse("mode", "manual:-1"))
                .hasMessage("mode must be auto, dry-run or manual:N (N >= 0), but was 'manual:-1'");
    }
}
