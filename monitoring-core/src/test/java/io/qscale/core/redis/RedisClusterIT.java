package io.qscale.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.protocol.ClaimedTask;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The protocol on Redis Cluster: a real single-node cluster that owns every slot. */
class RedisClusterIT {

    @Test
    void theWholeProtocolRunsOnARedisCluster() {
        try (LocalRedisServer node = LocalRedisServer.start(LocalRedisServer.locateBinary(System.getenv(LocalRedisServer.BINARY_ENV)),
                List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"))) {
            try (RedisSession admin = RedisSession.connect(RedisEndpoint.parse("test", node.uri()))) {
                admin.commands().clusterAddSlots(IntStream.range(0, 16384).toArray());
                await().atMost(Duration.ofSeconds(20)).until(() -> admin.commands().clusterInfo().contains("cluster_state:ok"));
            }

            RedisEndpoint endpoint = RedisEndpoint.parse("test", "redis+cluster://127.0.0.1:" + node.port());
            assertThat(endpoint.isCluster()).isTrue();
            try (RedisSession redis = RedisSession.connect(endpoint)) {
                QueueKeys keys = new QueueKeys("clustered");
                ProtocolSettings settings = ProtocolSettings.defaults();
                TaskQueue queue = new TaskQueue(redis, keys, settings, Clock.systemUTC());
                WorkerRegistry registry = new WorkerRegistry(redis, keys, settings);
                registry.heartbeat(new WorkerIdentity("w1", "h", 1, Instant.now(), "t"), false);
                queue.enqueue("sleep", null);
                queue.enqueue("sleep", null);

                ClaimedTask task = queue.claim("w1", Duration.ofSeconds(1)).orElseThrow();
                MetricsSnapshot busy = new MetricsCollector(redis, keys, settings, HostMetrics.NONE).snapshot();
                assertThat(queue.ack("w1", task, Duration.ofMillis(5))).isTrue();

                assertThat(busy.queueLength()).isEqualTo(1);
                assertThat(busy.busyWorkers()).isEqualTo(1);
                assertThat(busy.inFlight()).isEqualTo(1);
                assertThat(registry.deregister("w1")).isZero();
            }
        }
    }
}
