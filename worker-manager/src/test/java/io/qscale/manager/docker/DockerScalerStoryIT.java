package io.qscale.manager.docker;

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
import io.qscale.manager.Manager;
import io.qscale.manager.ManagerSettings;
import io.qscale.core.control.RecordedDecision;
import io.qscale.manager.StoryRecords;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.policy.ScalingEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The story (docs/architecture.md) with worker containers on the real Docker Engine. */
@ExtendWith(RedisServerExtension.class)
class DockerScalerStoryIT {

    @Test
    void aBurstGrowsThePoolOfContainersAndItShrinksBack(LocalRedisServer server) throws Exception {
        DockerTestSupport.requireWorkerImage();
        QueueKeys keys = new QueueKeys("dstory-" + UUID.randomUUID().toString().substring(0, 6));
        RedisEndpoint endpoint = RedisEndpoint.parse("test", server.uri());
        ProtocolSettings protocol = ProtocolSettings.defaults();
        try (RedisSession redis = RedisSession.connect(endpoint);
                DockerScaler scaler = DockerScaler.create(new ScalerContext(keys.queueName(), endpoint,
                        Map.of("image", DockerTestSupport.WORKER_IMAGE, "stopGraceSeconds", "10")))) {
            Manager manager = new Manager(redis, keys, new MetricsCollector(redis, keys, protocol, HostMetrics.NONE),
                    new WorkerRegistry(redis, keys, protocol), new ScalingEngine(ScalingConfig.demo()), scaler,
                    ManagerSettings.defaults("docker-manager"), Clock.systemUTC());
            try {
                List<Integer> pool = new ArrayList<>();
                List<RecordedDecision> all = new ArrayList<>();
                MetricsCollector metrics = new MetricsCollector(redis, keys, protocol, HostMetrics.NONE);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    observe(StoryRecords.record(manager.tick().decision(), all), pool);
                    return metrics.snapshot().activeWorkers() == 3;
                });
                TaskQueue queue = new TaskQueue(redis, keys, protocol, Clock.systemUTC());
                List<TaskEnvelope> burst = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    burst.add(TaskEnvelope.create("sleep", JsonNodeFactory.instance.objectNode().put("ms", 2000), Instant.now()));
                }
                queue.enqueueAll(burst);

                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    observe(StoryRecords.record(manager.tick().decision(), all), pool);
                    return pool.stream().anyMatch(size -> size >= 5) && queue.length() == 0
                            && manager.draining().isEmpty() && scaler.instances().size() == 3;
                });

                assertThat(pool).contains(3).anyMatch(size -> size >= 5);
                assertThat(pool.get(pool.size() - 1)).isEqualTo(3);
                assertThat(metrics.snapshot().processingSamples()).as("25 tasks, each once").isEqualTo(25);
                assertThat(metrics.snapshot().successRate()).isEqualTo(1.0);
                assertThat(queue.deadLetters(10)).isEmpty();
                assertThat(StoryRecords.countsAfterFirstScaleDown(all)).as("workers stopped after a drain are never counted again")
                        .allMatch(current -> current <= 4);
                assertThat(manager.recentDecisions(500)).extracting(RecordedDecision::outcome)
                        .doesNotContain(RecordedDecision.Outcome.FAILED);
            } finally {
                manager.close();
                scaler.stop(scaler.instances().stream().map(i -> i.workerId()).toList());
            }
        }
    }

    private static void observe(RecordedDecision recorded, List<Integer> pool) {
        if (recorded.outcome() == RecordedDecision.Outcome.APPLIED) {
            pool.add(recorded.decision().target());
        }
    }
}
