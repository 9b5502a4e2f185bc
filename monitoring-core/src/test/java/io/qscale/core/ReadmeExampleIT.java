package io.qscale.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.core.json.Json;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The embedding example of README.md, line for line, so that it keeps compiling and working. */
@ExtendWith(RedisServerExtension.class)
class ReadmeExampleIT {

    @Test
    void theReadmeExampleEnqueuesAndReadsASnapshot(LocalRedisServer server) {
        String uri = server.uri();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        // --- README example start ---
        try (RedisSession redis = RedisSession.connect(RedisEndpoint.parse("redis", uri))) {
            QueueKeys keys = new QueueKeys("tasks");
            TaskQueue queue = new TaskQueue(redis, "tasks");
            queue.enqueue("sleep", Json.mapper().createObjectNode().put("ms", 500));

            MetricsCollector metrics = new MetricsCollector(redis, keys, ProtocolSettings.defaults());
            MetricsSnapshot s = metrics.snapshot();
            out.printf("queue %d, workers %d, utilization %.0f%%%n",
                    s.queueLength(), s.activeWorkers(), s.utilization() * 100);
        }
        // --- README example end ---

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("queue 1, workers 0, utilization 0%" + System.lineSeparator());
    }
}
