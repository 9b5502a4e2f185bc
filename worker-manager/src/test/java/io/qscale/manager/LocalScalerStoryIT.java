package io.qscale.manager;

import io.qscale.core.control.RecordedDecision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.manager.local.LocalProcessScaler;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.policy.ScalingEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The story (docs/architecture.md) end to end: real Redis, real worker processes, the local scaler, the demo profile. */
@ExtendWith(RedisServerExtension.class)
class LocalScalerStoryIT {

    @Test
    void aBurstGrowsThePoolAndItShrinksBackWithEveryTaskDoneOnce(LocalRedisServer server) throws Exception {
        QueueKeys keys = new QueueKeys("story-" + UUID.randomUUID().toString().substring(0, 6));
        RedisEndpoint endpoint = RedisEndpoint.parse("test", server.uri());
        Path state = Files.createTempDirectory("qscale-local");
        ProtocolSettings protocol = ProtocolSettings.defaults();
        try (RedisSession redis = RedisSession.connect(endpoint);
                LocalProcessScaler scaler = LocalProcessScaler.create(new ScalerContext(keys.queueName(), endpoint,
                        Map.of("stateDir", state.toString(), "logDir", state.toString())))) {
            Manager manager = new Manager(redis, keys, new MetricsCollector(redis, keys, protocol, HostMetrics.NONE),
                    new WorkerRegistry(redis, keys, protocol), new ScalingEngine(ScalingConfig.demo()), scaler,
                    ManagerSettings.defaults("m1"), Clock.systemUTC());
            TaskQueue queue = new TaskQueue(redis, keys, protocol, Clock.systemUTC());
            List<Integer> pool = new ArrayList<>();
            List<RecordedDecision> all = new ArrayList<>();
            List<String> reasons = new ArrayList<>();

            // Start: the manager brings the empty pool up to its minimum of 3 and waits for them to heartbeat.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                observe(StoryRecords.record(manager.tick().decision(), all), pool, reasons);
                return new MetricsCollector(redis, keys, protocol, HostMetrics.NONE).snapshot().activeWorkers() == 3;
            });

            // stress 25: two-second tasks.
            List<TaskEnvelope> burst = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                burst.add(TaskEnvelope.create("sleep", JsonNodeFactory.instance.objectNode().put("ms", 2000), Instant.now()));
            }
            queue.enqueueAll(burst);

            // The pool grows, the queue drains, and after the idle time the pool is back at 3.
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() -> {
                observe(StoryRecords.record(manager.tick().decision(), all), pool, reasons);
                return pool.stream().anyMatch(size -> size >= 5) && queue.length() == 0 && manager.draining().isEmpty()
                        && scaler.instances().size() == 3;
            });
            manager.close();

            assertThat(pool.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThanOrEqualTo(5);
            assertThat(reasons).anyMatch(reason -> reason.startsWith("scale up 3 → 5: queue "));
            assertThat(reasons).anyMatch(reason -> reason.startsWith("scale down 6 → 4") || reason.startsWith("scale down 5 → 3"));
            Map<String, Long> totals = statsTotals(redis, keys);
            assertThat(totals.getOrDefault("c", 0L)).as("every task completed once").isEqualTo(25);
            assertThat(totals.getOrDefault("f", 0L)).as("no failed attempt").isZero();
            assertThat(totals.getOrDefault("r", 0L)).as("no task recovered from a stopped worker").isZero();
            assertThat(queue.deadLetters(10)).isEmpty();
            assertThat(StoryRecords.countsAfterFirstScaleDown(all)).as("workers stopped after a drain are never counted again")
                    .allMatch(current -> current <= 4);
            for (Path log : Files.newDirectoryStream(state, "*.log")) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain("given back");
            }
            assertThat(manager.recentDecisions(500)).extracting(RecordedDecision::outcome)
                    .doesNotContain(RecordedDecision.Outcome.FAILED);
        }
    }

    private static void observe(RecordedDecision recorded, List<Integer> pool, List<String> reasons) {
        int size = recorded.decision().target();
        if (recorded.outcome() == RecordedDecision.Outcome.APPLIED) {
            reasons.add(recorded.decision().reason());
            pool.add(size);
        }
    }

    /** Sums every statistics bucket of the queue (the test may read all keys; qscale never does). */
    private static Map<String, Long> statsTotals(RedisSession redis, QueueKeys keys) {
        Map<String, Long> totals = new HashMap<>();
        for (String key : redis.commands().keys(keys.prefix() + "stats:*")) {
            redis.commands().hgetall(key).forEach((field, value) -> totals.merge(field, Long.parseLong(value), Long::sum));
        }
        return totals;
    }
}
