package io.qscale.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.qscale.core.protocol.ClaimedTask;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.rules.metrics.HostLoad;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class MetricsCollectorIT {

    private static final Duration SHORT = Duration.ofMillis(200);
    private static final HostMetrics FIXED_HOST = () -> new HostLoad(0.25, 1_000, 4_000);

    private RedisSession redis;
    private QueueKeys keys;
    private TaskQueue queue;
    private WorkerRegistry registry;
    private final ProtocolSettings settings = ProtocolSettings.defaults();

    @BeforeEach
    void connect(LocalRedisServer server) {
        redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()));
        keys = new QueueKeys("q-" + UUID.randomUUID().toString().substring(0, 8));
        queue = new TaskQueue(redis, keys, settings, Clock.systemUTC());
        registry = new WorkerRegistry(redis, keys, settings);
    }

    @AfterEach
    void close() {
        redis.close();
    }

    private static WorkerIdentity worker(String id) {
        return new WorkerIdentity(id, "h", 1, Instant.EPOCH, "test");
    }

    private Instant serverNow() {
        List<String> time = redis.commands().time();
        return Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1000);
    }

    @Test
    void aScriptedPoolGivesTheExactSnapshot() {
        // Given 3 workers, 2 of them busy, and 7 waiting tasks the oldest of which waited 30 s.
        for (String id : List.of("w1", "w2", "w3")) {
            registry.heartbeat(worker(id), false);
        }
        queue.enqueueAll(List.of(TaskEnvelope.create("t", null, Instant.now()), TaskEnvelope.create("t", null, Instant.now())));
        queue.claim("w1", SHORT).orElseThrow();
        queue.claim("w2", SHORT).orElseThrow();
        Instant thirtySecondsAgo = serverNow().minusSeconds(30);
        List<TaskEnvelope> waiting = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            waiting.add(new TaskEnvelope("old-" + i, "t", null, thirtySecondsAgo.toEpochMilli() + i, 0, null));
        }
        queue.enqueueAll(waiting);
        registry.requestDrain("w3");

        // When
        MetricsSnapshot snapshot = new MetricsCollector(redis, keys, settings, FIXED_HOST).snapshot();

        // Then
        assertThat(snapshot.queue()).isEqualTo(keys.queueName());
        assertThat(snapshot.queueLength()).isEqualTo(7);
        assertThat(snapshot.inFlight()).isEqualTo(2);
        assertThat(snapshot.orphaned()).isZero();
        assertThat(snapshot.registeredWorkers()).isEqualTo(3);
        assertThat(snapshot.activeWorkers()).isEqualTo(3);
        assertThat(snapshot.busyWorkers()).isEqualTo(2);
        assertThat(snapshot.drainingWorkers()).isEqualTo(1);
        assertThat(snapshot.utilization()).isEqualTo(2.0 / 3);
        assertThat(snapshot.oldestTaskAge().toMillis()).isBetween(29_000L, 32_000L);
        assertThat(snapshot.deadLetters()).isZero();
        assertThat(snapshot.host()).isEqualTo(new HostLoad(0.25, 1_000, 4_000));
        assertThat(snapshot.arrivalRate()).as("9 arrivals in the rate window").isCloseTo(9.0 / 30, within(0.1));
    }

    @Test
    void ackedTasksFeedTheWindowedStatistics() {
        registry.heartbeat(worker("w1"), false);
        queue.enqueueAll(List.of(TaskEnvelope.create("t", null, Instant.now()), TaskEnvelope.create("t", null, Instant.now()),
                TaskEnvelope.create("t", null, Instant.now()), TaskEnvelope.create("t", null, Instant.now())));
        for (int i = 0; i < 3; i++) {
            ClaimedTask task = queue.claim("w1", SHORT).orElseThrow();
            queue.ack("w1", task, Duration.ofMillis(1000));
        }
        ClaimedTask failing = queue.claim("w1", SHORT).orElseThrow();
        queue.fail("w1", failing, "boom", Duration.ofMillis(1000));

        MetricsSnapshot snapshot = new MetricsCollector(redis, keys, settings, FIXED_HOST).snapshot();

        assertThat(snapshot.processingSamples()).isEqualTo(4);
        assertThat(snapshot.avgProcessingTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(snapshot.p95ProcessingTime().toMillis()).isBetween(950L, 1050L);
        assertThat(snapshot.successRate()).isEqualTo(0.75);
        assertThat(snapshot.completionRate()).isGreaterThan(0);
        assertThat(snapshot.failureRate()).isGreaterThan(0);
        assertThat(snapshot.queueLength()).as("the failed task is back for another attempt").isEqualTo(1);
    }

    @Test
    void aDeadWorkersTasksCountAsOrphanedNotAsBusy() {
        ProtocolSettings fast = settings.withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(200));
        WorkerRegistry fastRegistry = new WorkerRegistry(redis, keys, fast);
        fastRegistry.heartbeat(worker("gone"), false);
        queue.enqueue("t", null);
        queue.claim("gone", SHORT).orElseThrow();
        MetricsCollector collector = new MetricsCollector(redis, keys, fast, FIXED_HOST);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> collector.snapshot().activeWorkers() == 0);

        MetricsSnapshot snapshot = collector.snapshot();
        assertThat(snapshot.registeredWorkers()).isEqualTo(1);
        assertThat(snapshot.busyWorkers()).isZero();
        assertThat(snapshot.inFlight()).isEqualTo(1);
        assertThat(snapshot.orphaned()).isEqualTo(1);
    }

    @Test
    void aSnapshotIsOneRoundTripWithAThousandWorkers() {
        // Given 1,000 registered workers, a third of them busy.
        for (int i = 0; i < 1000; i++) {
            registry.heartbeat(worker("w" + i), false);
        }
        List<TaskEnvelope> tasks = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            tasks.add(TaskEnvelope.create("t", null, Instant.now()));
        }
        queue.enqueueAll(tasks);
        for (int i = 0; i < 1000; i += 3) {
            queue.claim("w" + i, SHORT).orElseThrow();
        }
        AtomicInteger sent = new AtomicInteger();
        CommandListener counter = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                sent.incrementAndGet();
            }
        };
        try (RedisSession counted = RedisSession.connect(redis.endpoint(), counter)) {
            MetricsCollector collector = new MetricsCollector(counted, keys, settings, FIXED_HOST);
            redis.commands().configResetstat();
            sent.set(0);

            // When
            MetricsSnapshot snapshot = collector.snapshot();

            // Then: the client sent one command, and the server saw one EVALSHA and no EVAL.
            assertThat(sent.get()).isEqualTo(1);
            String stats = redis.commands().info("commandstats");
            assertThat(stats).contains("cmdstat_evalsha:calls=1,");
            assertThat(stats).doesNotContain("cmdstat_eval:");
            assertThat(snapshot.activeWorkers()).isEqualTo(1000);
            assertThat(snapshot.busyWorkers()).isEqualTo(334);
            assertThat(snapshot.queueLength()).isEqualTo(400 - 334);
        }
    }
}
