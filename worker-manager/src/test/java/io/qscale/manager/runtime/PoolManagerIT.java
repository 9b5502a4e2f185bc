package io.qscale.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qscale.core.control.RecordedDecision;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.manager.ManagerSettings;
import io.qscale.manager.local.LocalProcessScaler;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.config.ThresholdsConfig;
import io.qscale.rules.policy.DecisionKind;
import io.qscale.rules.policy.ScaleAction;
import io.qscale.worker.demo.DemoTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The manager inside a {@link Pool} runtime with real worker processes: start-up and the pool's CPU. */
@ExtendWith(RedisServerExtension.class)
class PoolManagerIT {

    /** Only the CPU rule can fire: no queue or utilization threshold is within reach. */
    private static ScalingConfig cpuOnly(double cpuUp) {
        return ScalingConfig.thresholdsProfile().withBounds(1, 3).withThresholds(new ThresholdsConfig(1000, 1.0, cpuUp, 0, 0,
                Duration.ofHours(1), 1, 1, Duration.ZERO, Duration.ZERO));
    }

    private static Pool pool(LocalRedisServer server, QueueKeys keys, ScalingConfig config, List<RecordedDecision> decided)
            throws Exception {
        RedisEndpoint endpoint = RedisEndpoint.parse("test", server.uri());
        Path state = Files.createTempDirectory("qscale-pool-it");
        LocalProcessScaler scaler = LocalProcessScaler.create(new ScalerContext(keys.queueName(), endpoint,
                Map.of("stateDir", state.toString(), "logDir", state.toString())));
        Pool pool = Pool.builder(endpoint, keys).manager(config, scaler, ManagerSettings.defaults("m-" + keys.queueName())).open();
        pool.subscribe(event -> {
            if (event instanceof PoolEvent.Decided d) {
                decided.add(d.decision());
            }
        });
        return pool;
    }

    private static QueueKeys keys(String prefix) {
        return new QueueKeys(prefix + "-" + UUID.randomUUID().toString().substring(0, 6));
    }

    @Test
    void aBurstThreeSecondsAfterStartUpIsActedOnAtTheNextTickNotAfterACooldown(LocalRedisServer server) throws Exception {
        List<RecordedDecision> decided = new CopyOnWriteArrayList<>();
        QueueKeys keys = keys("startup");
        try (Pool pool = pool(server, keys, ScalingConfig.thresholdsProfile(), decided)) {
            Instant started = Instant.now();
            pool.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.latest().map(s -> s.activeWorkers() == 1).orElse(false));
            await().atMost(Duration.ofSeconds(30)).until(() -> Duration.between(started, Instant.now()).toMillis() >= 3000);
            assertThat(decided).as("the start-up scale to minWorkers").anySatisfy(d -> {
                assertThat(d.decision().kind()).isEqualTo(DecisionKind.RANGE);
                assertThat(d.outcome()).isEqualTo(RecordedDecision.Outcome.APPLIED);
            });

            Instant burst = Instant.now();
            pool.tasks().enqueueAll(DemoTasks.batch("sleep", 25, 3000, 0, burst));
            RecordedDecision first = await().atMost(Duration.ofSeconds(10)).until(() -> decided.stream()
                    .filter(d -> d.decision().inputs().map(i -> i.queueLength()).orElse(0L) > 8).findFirst(), Optional::isPresent)
                    .orElseThrow();

            System.out.println("PoolManagerIT: burst at +" + Duration.between(started, burst).toMillis() + " ms, scale-up "
                    + Duration.between(burst, first.decision().at()).toMillis() + " ms later: " + first.decision().reason());
            assertThat(first.decision().action()).as(first.decision().reason()).isEqualTo(ScaleAction.SCALE_UP);
            assertThat(first.decision().target()).isEqualTo(3);
            assertThat(first.decision().clamps()).as("no cooldown armed by the start-up").isEmpty();
            assertThat(first.outcome()).isEqualTo(RecordedDecision.Outcome.APPLIED);
        }
    }

    @Test
    void theCpuRuleFiresOnTheWorkersOwnCpu(LocalRedisServer server) throws Exception {
        List<RecordedDecision> decided = new CopyOnWriteArrayList<>();
        QueueKeys keys = keys("cpu");
        try (Pool pool = pool(server, keys, cpuOnly(0.75), decided)) {
            pool.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.latest().map(s -> s.activeWorkers() == 1).orElse(false));
            pool.tasks().enqueueAll(DemoTasks.batch("cpu", 3, 8_000, 0, Instant.now()));

            RecordedDecision up = await().atMost(Duration.ofSeconds(20)).until(() -> decided.stream()
                    .filter(d -> d.decision().kind() == DecisionKind.POLICY && d.decision().action() == ScaleAction.SCALE_UP)
                    .findFirst(), Optional::isPresent).orElseThrow();

            assertThat(up.decision().rule()).as(up.decision().reason()).matches("pool CPU \\d+ % > 75 %");
            assertThat(up.decision().inputs().orElseThrow().poolCpuMean().getAsDouble()).isGreaterThan(0.75);
            assertThat(up.decision().target()).isEqualTo(2);
        }
    }

    @Test
    void aCpuScaleUpIsHeldWhileTheLocalWorkersHostIsSaturated(LocalRedisServer server) throws Exception {
        List<RecordedDecision> decided = new CopyOnWriteArrayList<>();
        QueueKeys keys = keys("saturated");
        AtomicBoolean burning = new AtomicBoolean(true);
        List<Thread> loops = new ArrayList<>();
        try (Pool pool = pool(server, keys, cpuOnly(0.5), decided)) {
            pool.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.latest().map(s -> s.activeWorkers() == 1).orElse(false));
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                Thread loop = new Thread(() -> {
                    while (burning.get()) {
                        Thread.onSpinWait();
                    }
                }, "busy-loop-" + i);
                loop.setDaemon(true);
                loop.start();
                loops.add(loop);
            }
            pool.tasks().enqueueAll(DemoTasks.batch("cpu", 3, 8_000, 0, Instant.now()));

            RecordedDecision held = await().atMost(Duration.ofSeconds(20)).until(() -> decided.stream()
                    .filter(d -> d.decision().clamps().stream().anyMatch(c -> c.kind() == io.qscale.rules.policy.Clamp.Kind.HOST)).findFirst(),
                    Optional::isPresent).orElseThrow();

            assertThat(held.decision().action()).isEqualTo(ScaleAction.HOLD);
            assertThat(held.decision().reason()).contains("the workers' host is saturated (host CPU ");
            assertThat(decided).as("no worker was added while the host was full")
                    .noneMatch(d -> d.decision().action() == ScaleAction.SCALE_UP && d.decision().current() >= 1);
        } finally {
            burning.set(false);
            for (Thread loop : loops) {
                loop.join();
            }
        }
    }
}
