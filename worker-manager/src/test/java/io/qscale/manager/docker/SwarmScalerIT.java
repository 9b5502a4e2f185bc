package io.qscale.manager.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.SwarmSpec;
import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerInfo;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.protocol.WorkerState;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.manager.Manager;
import io.qscale.core.control.ManagerMode;
import io.qscale.manager.ManagerSettings;
import io.qscale.core.control.RecordedDecision;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.policy.ScalingEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A Swarm service scaled up and then down, drain-first, on the real engine (swarm init in the test). */
@ExtendWith(RedisServerExtension.class)
class SwarmScalerIT {

    @Test
    void aServiceScalesUpAndDownAndTheIdleWorkerIsTheOneThatLeaves(LocalRedisServer server) throws Exception {
        DockerTestSupport.requireWorkerImage();
        try (DockerClient docker = DockerEngine.connect(DockerEngine.DEFAULT_HOST)) {
            boolean alreadySwarm = docker.infoCmd().exec().getSwarm().getLocalNodeState() == LocalNodeState.ACTIVE;
            if (!alreadySwarm) {
                docker.initializeSwarmCmd(new SwarmSpec()).withListenAddr("127.0.0.1").withAdvertiseAddr("127.0.0.1").exec();
            }
            QueueKeys keys = new QueueKeys("swarm-" + UUID.randomUUID().toString().substring(0, 6));
            RedisEndpoint endpoint = RedisEndpoint.parse("test", server.uri());
            ProtocolSettings protocol = ProtocolSettings.defaults();
            SwarmScaler scaler = SwarmScaler.create(new ScalerContext(keys.queueName(), endpoint,
                    Map.of("image", DockerTestSupport.WORKER_IMAGE)));
            try (RedisSession redis = RedisSession.connect(endpoint)) {
                WorkerRegistry registry = new WorkerRegistry(redis, keys, protocol);
                MetricsCollector metrics = new MetricsCollector(redis, keys, protocol, HostMetrics.NONE);
                Manager manager = new Manager(redis, keys, metrics, registry,
                        new ScalingEngine(ScalingConfig.thresholdsProfile().withBounds(0, 5)), scaler,
                        ManagerSettings.defaults("swarm-manager").withMode(ManagerMode.manual(2)), Clock.systemUTC());

                // Up: two replicas, both heartbeating under their task names.
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    manager.tick().decision();
                    return metrics.snapshot().activeWorkers() == 2;
                });
                assertThat(scaler.replicas()).isEqualTo(2);
                // Workers heartbeat as their Swarm task names: <service>.<slot>.<task id>.
                assertThat(registry.workers()).extracting(WorkerInfo::id)
                        .allMatch(id -> id.startsWith("qscale-worker-" + keys.queueName() + "."));

                // One worker busy with a 6-second task, then down to one: the idle worker drains and leaves.
                new TaskQueue(redis, keys, protocol, Clock.systemUTC())
                        .enqueue("sleep", JsonNodeFactory.instance.objectNode().put("ms", 6000));
                await().atMost(Duration.ofSeconds(20)).until(() -> metrics.snapshot().busyWorkers() == 1);
                String busy = registry.workers().stream().filter(w -> w.state() == WorkerState.BUSY).findFirst()
                        .orElseThrow().id();
                manager.setMode(ManagerMode.manual(1));
                RecordedDecision down = manager.tick().decision();
                assertThat(down.draining()).hasSize(1).doesNotContain(busy);

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    manager.tick().decision();
                    return scaler.replicas() == 1 && manager.draining().isEmpty() && scaler.instances().size() == 1;
                });
                assertThat(scaler.instances()).extracting(instance -> instance.workerId()).containsExactly(busy);
                await().atMost(Duration.ofSeconds(20)).until(() -> metrics.snapshot().processingSamples() == 1);
                assertThat(metrics.snapshot().successRate()).as("the busy worker finished its task").isEqualTo(1.0);
                manager.close();
            } finally {
                scaler.removeService();
                scaler.close();
                if (!alreadySwarm) {
                    docker.leaveSwarmCmd().withForceEnabled(true).exec();
                }
            }
        }
    }
}
