package io.qscale.manager.docker;

import static org.assertj.core.api.Assertions.assertThat;
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
import io.qscale.manager.Manager;
import io.qscale.core.control.ManagerMode;
import io.qscale.manager.ManagerSettings;
import io.qscale.core.control.RecordedDecision;
import io.qscale.core.control.RecordedDecision.Outcome;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.policy.ScalingEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Docker daemon stops mid-run: the manager keeps running, records failed decisions with the
 * cause, and scales again once the daemon is back. It stops and restarts the real dockerd, so it
 * runs only where the engine is disposable: QSCALE_REQUIRE_DOCKER=1 (CI) or QSCALE_ALLOW_DOCKER_RESTART=1.
 */
@ExtendWith(RedisServerExtension.class)
class DockerOutageIT {

    @Test
    void theManagerSurvivesADaemonOutageAndScalesAgainAfterIt(LocalRedisServer server) throws Exception {
        DockerTestSupport.requireWorkerImage();
        Assumptions.assumeTrue(DockerTestSupport.required() || "1".equals(System.getenv("QSCALE_ALLOW_DOCKER_RESTART")),
                "stops and restarts dockerd: runs with QSCALE_REQUIRE_DOCKER=1 or QSCALE_ALLOW_DOCKER_RESTART=1");
        ProcessHandle daemon = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/dockerd")).orElse(false)).findFirst().orElse(null);
        Assumptions.assumeTrue(daemon != null && daemon.info().arguments().isPresent(),
                "needs a local dockerd process whose command line can be read (to start it again)");
        List<String> command = new ArrayList<>(List.of(daemon.info().command().orElseThrow()));
        command.addAll(List.of(daemon.info().arguments().orElseThrow()));

        QueueKeys keys = new QueueKeys("outage-" + UUID.randomUUID().toString().substring(0, 6));
        RedisEndpoint endpoint = RedisEndpoint.parse("test", server.uri());
        ProtocolSettings protocol = ProtocolSettings.defaults();
        try (RedisSession redis = RedisSession.connect(endpoint);
                DockerScaler scaler = DockerScaler.create(new ScalerContext(keys.queueName(), endpoint,
                        Map.of("image", DockerTestSupport.WORKER_IMAGE, "stopGraceSeconds", "5")))) {
            Manager manager = new Manager(redis, keys, new MetricsCollector(redis, keys, protocol, HostMetrics.NONE),
                    new WorkerRegistry(redis, keys, protocol), new ScalingEngine(ScalingConfig.thresholdsProfile().withBounds(0, 5)),
                    scaler, ManagerSettings.defaults("outage-manager").withMode(ManagerMode.manual(1))
                            .withMaxBackoff(Duration.ofSeconds(2)), Clock.systemUTC());
            assertThat(manager.tick().decision().outcome()).isEqualTo(Outcome.APPLIED);

            // The daemon goes away.
            daemon.destroy();
            daemon.onExit().get(60, TimeUnit.SECONDS);
            manager.setMode(ManagerMode.manual(2));
            List<RecordedDecision> during = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
                during.add(manager.tick().decision());
                return during.stream().filter(r -> r.outcome() == Outcome.FAILED).count() >= 2;
            });
            RecordedDecision failed = during.stream().filter(r -> r.outcome() == Outcome.FAILED).findFirst().orElseThrow();
            assertThat(failed.detail()).startsWith("docker scaler: listing containers failed at " + DockerEngine.DEFAULT_HOST);
            assertThat(failed.decision().reason()).contains("manual mode holds exactly 2 workers");
            assertThat(manager.recentDecisions(50)).extracting(RecordedDecision::outcome).contains(Outcome.FAILED);

            // The daemon comes back; the manager scales again by itself.
            Path log = Files.createTempFile("dockerd", ".log");
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            await().atMost(Duration.ofSeconds(90)).until(() -> DockerEngine.reachable(DockerEngine.DEFAULT_HOST));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> manager.tick().decision().outcome() == Outcome.NO_CHANGE && scaler.instances().size() == 2);
            assertThat(manager.recentDecisions(200)).extracting(RecordedDecision::outcome)
                    .contains(Outcome.FAILED, Outcome.APPLIED);
            manager.close();
            scaler.stop(scaler.instances().stream().map(instance -> instance.workerId()).toList());
        }
    }
}
