package io.qscale.manager;

import io.qscale.core.control.RecordedDecision;
import io.qscale.core.control.ManagerMode;
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
import io.qscale.core.control.RecordedDecision.Outcome;
import io.qscale.manager.scaler.Scaler;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.Scalers;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.policy.ScaleAction;
import io.qscale.rules.policy.ScalingEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redis goes away under a running manager: it neither crashes nor scales down, and carries on after. */
class RedisOutageIT {

    @Test
    void theManagerHoldsThroughARedisOutageAndLeadsAgainAfterIt() throws Exception {
        try (LocalRedisServer server = LocalRedisServer.start()) {
            RedisEndpoint endpoint = RedisEndpoint.parse("test", server.uri());
            QueueKeys keys = new QueueKeys("redis-outage");
            ProtocolSettings protocol = ProtocolSettings.defaults();
            try (RedisSession redis = RedisSession.connect(endpoint)) {
                Scaler scaler = Scalers.provider(ExampleScalerProvider.class.getName())
                        .create(new ScalerContext(keys.queueName(), endpoint, Map.of()));
                Manager manager = new Manager(redis, keys, new MetricsCollector(redis, keys, protocol, HostMetrics.NONE),
                        new WorkerRegistry(redis, keys, protocol), new ScalingEngine(ScalingConfig.thresholdsProfile().withBounds(0, 10)),
                        scaler, ManagerSettings.defaults("m1").withMode(ManagerMode.manual(3)), Clock.systemUTC());
                assertThat(manager.tick().decision().outcome()).isEqualTo(Outcome.APPLIED);
                assertThat(scaler.instances()).hasSize(3);

                server.kill();
                RecordedDecision during = manager.tick().decision();

                assertThat(during.outcome()).isEqualTo(Outcome.STANDBY);
                assertThat(during.decision().action()).isEqualTo(ScaleAction.HOLD);
                assertThat(during.decision().reason()).endsWith(": no metrics snapshot (collection failed)");
                assertThat(scaler.instances()).as("nothing scaled down").hasSize(3);

                server.restart();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> manager.tick().decision().leader());
                // A fresh Redis has lost the mode: the manager's own mode applies again.
                assertThat(manager.mode()).isEqualTo(ManagerMode.manual(3));
                assertThat(scaler.instances()).hasSize(3);
            }
        }
    }
}
