package io.qscale.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.qscale.core.control.RecordedDecision;
import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.manager.Manager;
import io.qscale.manager.ManagerSettings;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.policy.ScaleAction;
import io.qscale.rules.policy.ScalingEngine;
import io.qscale.worker.Worker;
import io.qscale.worker.WorkerSettings;
import io.qscale.worker.demo.DemoTaskHandler;
import io.qscale.worker.demo.DemoTasks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The story (docs/architecture.md) through the Kubernetes scaler: fabric8's mock API server (CRUD), a
 * simulated ReplicaSet and kubelet, and for each running pod a real worker (in this JVM, its
 * pod's name as worker id, {@code --after-drain wait} behaviour) on a real Redis.
 */
@ExtendWith(RedisServerExtension.class)
@EnableKubernetesMockClient(crud = true)
class KubernetesStoryIT {

    KubernetesMockServer server;
    KubernetesClient client;

    /** One pod's container: a worker thread; SIGTERM drains it, as {@code qscale worker} does. */
    private static final class PodWorker implements SimulatedCluster.Container {
        private final Worker worker;
        private final Thread thread;
        private final RedisSession redis;
        private final List<String> busyAtSigterm;

        PodWorker(String pod, RedisEndpoint endpoint, QueueKeys keys, List<String> busyAtSigterm) {
            this.redis = RedisSession.connect(endpoint);
            this.busyAtSigterm = busyAtSigterm;
            this.worker = new Worker(redis, keys, new WorkerIdentity(pod, "node-1", 1, Instant.now(), "test"),
                    new DemoTaskHandler(Duration.ofSeconds(3), new Random()), WorkerSettings.defaults(), Clock.systemUTC());
            this.thread = new Thread(worker, "pod-" + pod);
            thread.start();
        }

        @Override
        public void terminate() {
            if (thread.isAlive()) {
                // Still registered: SIGTERM reached a worker that was not drained first.
                busyAtSigterm.add(worker.identity().id());
            }
            worker.stop();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(40));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            redis.close();
        }
    }

    @Test
    void aBurstGrowsTheDeploymentThreeFiveSixAndItShrinksFourThreeThroughDrainedPodsOnly(LocalRedisServer redisServer) {
        QueueKeys keys = new QueueKeys("k8s-" + UUID.randomUUID().toString().substring(0, 6));
        RedisEndpoint endpoint = RedisEndpoint.parse("test", redisServer.uri());
        ProtocolSettings protocol = ProtocolSettings.defaults();
        List<String> busyAtSigterm = java.util.Collections.synchronizedList(new ArrayList<>());
        SimulatedCluster cluster = new SimulatedCluster(client, "jobs", "qscale-worker", Duration.ofSeconds(1),
                pod -> new PodWorker(pod, endpoint, keys, busyAtSigterm));
        cluster.createDeployment(0);
        KubernetesClient scalerClient = new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
        List<RecordedDecision> all = new ArrayList<>();
        try (RedisSession redis = RedisSession.connect(endpoint);
                KubernetesScaler scaler = KubernetesScaler.using(scalerClient, new ScalerContext(keys.queueName(), endpoint,
                        Map.of("namespace", "jobs", "deployment", "qscale-worker")))) {
            MetricsCollector metrics = new MetricsCollector(redis, keys, protocol, HostMetrics.NONE);
            Manager manager = new Manager(redis, keys, metrics, new WorkerRegistry(redis, keys, protocol),
                    new ScalingEngine(ScalingConfig.demo()), scaler, ManagerSettings.defaults("k8s-manager"), Clock.systemUTC());
            TaskQueue queue = new TaskQueue(redis, keys, protocol, Clock.systemUTC());
            Runnable step = () -> {
                all.add(manager.tick().decision());
                cluster.reconcile();
                cluster.collectDeleted();
            };

            // Start: the manager brings the Deployment up to its minimum of 3; their workers heartbeat.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                step.run();
                return metrics.snapshot().activeWorkers() == 3;
            });

            // stress 25, as in the demo: 3 s tasks.
            queue.enqueueAll(DemoTasks.batch("sleep", 25, 3_000, 0, Instant.now()));

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
                step.run();
                return queue.length() == 0 && manager.draining().isEmpty() && cluster.livePods().size() == 3
                        && all.stream().anyMatch(r -> r.decision().current() == 4 && r.decision().target() == 3
                                && r.outcome() == RecordedDecision.Outcome.APPLIED);
            });
            manager.close();

            List<String> path = all.stream().filter(r -> r.outcome() == RecordedDecision.Outcome.APPLIED
                    && r.decision().action() != ScaleAction.HOLD && r.decision().current() > 0)
                    .map(r -> r.decision().current() + " → " + r.decision().target()).toList();
            assertThat(path).containsExactly("3 → 5", "5 → 6", "6 → 4", "4 → 3");

            Map<String, Long> totals = statsTotals(redis, keys);
            assertThat(totals.getOrDefault("c", 0L)).as("every task completed once").isEqualTo(25);
            assertThat(totals.getOrDefault("r", 0L)).as("no task recovered from a removed pod").isZero();
            assertThat(queue.deadLetters(10)).isEmpty();

            assertThat(cluster.removals()).as("the ReplicaSet removed three pods, every one drained and marked").hasSize(3)
                    .allSatisfy(removal -> {
                        assertThat(removal.markedDrained()).as(removal.pod()).isTrue();
                        assertThat(removal.annotations()).containsEntry(KubernetesScaler.DELETION_COST,
                                String.valueOf(Integer.MIN_VALUE));
                    });
            assertThat(busyAtSigterm).as("no pod was removed while its worker was registered").isEmpty();
            assertThat(all).extracting(RecordedDecision::outcome).doesNotContain(RecordedDecision.Outcome.FAILED);
        } finally {
            cluster.shutdown();
            scalerClient.close();
        }
    }

    @Test
    void aForbiddenScaleIsAFailedDecisionWithItsCauseThenABackOff(LocalRedisServer redisServer) {
        QueueKeys keys = new QueueKeys("k8s-" + UUID.randomUUID().toString().substring(0, 6));
        RedisEndpoint endpoint = RedisEndpoint.parse("test", redisServer.uri());
        ProtocolSettings protocol = ProtocolSettings.defaults();
        new SimulatedCluster(client, "jobs", "qscale-worker", Duration.ZERO, pod -> () -> { }).createDeployment(0);
        server.expect().put().withPath("/apis/apps/v1/namespaces/jobs/deployments/qscale-worker/scale")
                .andReturn(403, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403).withMessage("forbidden").build())
                .always();
        try (RedisSession redis = RedisSession.connect(endpoint);
                KubernetesScaler scaler = KubernetesScaler.using(client, new ScalerContext(keys.queueName(), endpoint,
                        Map.of("namespace", "jobs")))) {
            Manager manager = new Manager(redis, keys, new MetricsCollector(redis, keys, protocol, HostMetrics.NONE),
                    new WorkerRegistry(redis, keys, protocol), new ScalingEngine(ScalingConfig.demo()), scaler,
                    ManagerSettings.defaults("k8s-manager"), Clock.systemUTC());

            RecordedDecision first = manager.tick().decision();
            RecordedDecision second = manager.tick().decision();
            manager.close();

            assertThat(first.outcome()).isEqualTo(RecordedDecision.Outcome.FAILED);
            assertThat(first.detail()).isEqualTo("kubernetes scaler: scaling deployment qscale-worker from 0 to 3: forbidden"
                    + " (403): the service account may not do this in namespace jobs; apply deploy/kubernetes/base/rbac.yaml"
                    + " (docs/operations.md, RBAC)");
            assertThat(second.outcome()).isEqualTo(RecordedDecision.Outcome.BACKING_OFF);
            assertThat(second.detail()).startsWith("retrying in ").endsWith("after: " + first.detail());
            assertThat(manager.recentDecisions(5)).extracting(RecordedDecision::detail).contains(first.detail());
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
